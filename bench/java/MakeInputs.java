import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes the benchmark's inputs into a temporary folder (deleted by run.sh at exit; nothing large is
 * committed). Everything is deterministic (fixed seed) so two runs upload the same bytes.
 *
 * <pre>
 * ingest-1MiB.raw / ingest-20MiB.raw           PNG signature + random bytes (the ingest route only sniffs the magic)
 * ingest-1MiB.multipart / ingest-20MiB.multipart  the same payload as the file part "image" of a form
 * multipart.ctype                              the Content-Type (with boundary) for the .multipart bodies
 * noise-10MiB.png                              a real PNG of random pixels, ~10 MiB (decodable: memory benchmark)
 * photo-256.png                                a 256×256 crop of astronaut.png (upscale, latency and peer)
 * </pre>
 */
public final class MakeInputs {
  private static final long SEED = 20240601L;
  private static final int MIB = 1 << 20;
  private static final int[] INGEST_MIB = {1, 20};
  private static final int NOISE_TARGET_BYTES = 10 * MIB;
  private static final int PHOTO_SIDE = 256;
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  static final String BOUNDARY = "zeroprint-bench-7d1c0a";
  /** Room for the part's headers and the closing boundary around the payload. */
  private static final int MULTIPART_FRAMING_BYTES = 512;

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Path photo = Path.of(args[1]);
    Random random = new Random(SEED);
    for (int mib : INGEST_MIB) {
      byte[] raw = new byte[mib * MIB];
      random.nextBytes(raw);
      System.arraycopy(PNG_SIGNATURE, 0, raw, 0, PNG_SIGNATURE.length);
      Files.write(out.resolve("ingest-" + mib + "MiB.raw"), raw);
      Files.write(out.resolve("ingest-" + mib + "MiB.multipart"), multipart(raw));
    }
    Files.writeString(out.resolve("multipart.ctype"), "multipart/form-data; boundary=" + BOUNDARY);
    writeNoisePng(out.resolve("noise-10MiB.png"), random);
    BufferedImage src = ImageIO.read(photo.toFile());
    ImageIO.write(copy(src.getSubimage(0, 0, PHOTO_SIDE, PHOTO_SIDE)), "png", out.resolve("photo-256.png").toFile());
  }

  /** One file part named "image", as a browser form would send it. */
  private static byte[] multipart(byte[] payload) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(payload.length + MULTIPART_FRAMING_BYTES);
    body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"upload.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    body.write(payload);
    body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return body.toByteArray();
  }

  /** Random RGB pixels do not compress, so side² × 3 bytes ≈ the file size. */
  private static void writeNoisePng(Path file, Random random) throws IOException {
    int side = (int) Math.sqrt(NOISE_TARGET_BYTES / 3.0);
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        row[x] = random.nextInt() & 0xffffff;
      }
      img.setRGB(0, y, side, 1, row, 0, side);
    }
    ImageIO.write(img, "png", file.toFile());
  }

  /** getSubimage shares the parent raster; write a standalone 8-bit RGB copy. */
  private static BufferedImage copy(BufferedImage sub) {
    BufferedImage img = new BufferedImage(sub.getWidth(), sub.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    img.getGraphics().drawImage(sub, 0, 0, null);
    return img;
  }
}
