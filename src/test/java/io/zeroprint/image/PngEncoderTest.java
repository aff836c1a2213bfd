package io.zeroprint.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.BufferConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Adler32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * zeroprint's PNG encoder: the same pixels back at every deflate level, row filter and band count,
 * read by the JDK's reader and by an independent one (Node's zlib, which also insists on ONE zlib
 * stream with a correct Adler-32, and its own unfiltering); degenerate shapes; transparency; and
 * every lease returned zeroed.
 */
class PngEncoderTest {
  private static final String READER = "src/test/resources/png/png-pixels.mjs";
  private static final long NO_CAP = Long.MAX_VALUE;

  private final SegmentPool pool = new SegmentPool(new BufferConfig(1L << 30, 64 * 1024, 0));

  @Test
  void everyLevelFilterAndBandCountDecodesToTheSamePixels() {
    try (RgbImage img = photo(0, 0, 160, 120)) {
      for (int level = 0; level <= 9; level++) {
        for (PngFilter f : PngFilter.values()) {
          for (int bands : new int[] {1, 2, 3}) {
            byte[] png = encode(img, new PngPolicy(f, 0, bands), level);
            assertArrayEquals(img.bytes(), jdkPixels(png, false), "level " + level + ", " + f + ", " + bands + " bands");
          }
        }
      }
    }
  }

  @Test
  void anIndependentDecoderReadsOneValidZlibStreamWithTheSamePixels() throws Exception {
    try (RgbImage photo = photo(0, 0, 512, 512); RgbImage noise = noise(300, 300, false)) {
      for (RgbImage img : List.of(photo, noise)) {
        for (PngPolicy p : List.of(new PngPolicy(PngFilter.ADAPTIVE, 0, 1), new PngPolicy(PngFilter.PAETH, 0, 2),
            new PngPolicy(PngFilter.NONE, 0, 4), new PngPolicy(PngFilter.ADAPTIVE, 0, 7))) {
          JsonObject read = independentlyRead(encode(img, p, 1));
          assertEquals(img.width(), read.getInteger("width"));
          assertEquals(img.height(), read.getInteger("height"));
          assertEquals(sha256(img.bytes()), read.getString("sha256"), p.toString());
        }
      }
    }
  }

  @Test
  void aOnePixelImageATallOnePixelWideImageAndAWideOnePixelHighImageRoundTrip() throws Exception {
    for (int[] size : new int[][] {{1, 1}, {1, 700}, {700, 1}}) {
      for (boolean alpha : new boolean[] {false, true}) {
        try (RgbImage img = noise(size[0], size[1], alpha)) {
          for (int bands : new int[] {1, 4}) {
            byte[] png = encode(img, new PngPolicy(PngFilter.ADAPTIVE, 0, bands), 4);
            String what = size[0] + "x" + size[1] + (alpha ? " with alpha, " : ", ") + bands + " bands";
            assertArrayEquals(rgbaOrRgb(img), jdkPixels(png, alpha), what);
            assertEquals(sha256(rgbaOrRgb(img)), independentlyRead(png).getString("sha256"), what);
          }
        }
      }
    }
  }

  @Test
  void anImageWithTransparencyKeepsItsAlphaAndShowsNothingWhereFullyTransparent() throws Exception {
    try (RgbImage img = noise(257, 130, true)) {
      byte[] expected = rgbaOrRgb(img);
      for (int bands : new int[] {1, 3}) {
        byte[] png = encode(img, new PngPolicy(PngFilter.ADAPTIVE, 0, bands), 6);
        JsonObject read = independentlyRead(png);
        assertEquals(4, read.getInteger("channels"));
        assertEquals(sha256(expected), read.getString("sha256"));
        assertArrayEquals(expected, jdkPixels(png, true));
      }
    }
  }

  @Test
  void everyLeaseIsZeroedAndReturnedSoOnlyTheResultStaysInUse() {
    try (RgbImage img = photo(0, 0, 512, 512)) {
      long before = pool.stats().inUseBytes();
      long zeroedBefore = pool.stats().zeroedBytes();
      SegmentBuffer out = new ImageEncoder(pool, new PngPolicy(PngFilter.ADAPTIVE, 0, 4))
          .encode(img, ImageFormat.PNG, 4, NO_CAP);
      long segments = pool.stats().inUseBytes() - before;
      assertTrue(segments >= out.length() && segments < out.length() + 64 * 1024, "only the result's segments: " + segments);
      assertTrue(pool.stats().zeroedBytes() - zeroedBefore >= 4 * DeflateBand.BLOCK, "the bands' blocks were zeroed");
      out.release();
      assertEquals(before, pool.stats().inUseBytes());
    }
  }

  @Test
  void aResultOverItsCapIsTooLargeAndLeavesNothingInUse() {
    try (RgbImage img = noise(400, 400, false)) {
      long before = pool.stats().inUseBytes();
      for (int bands : new int[] {1, 3}) {
        ImageEncoder enc = new ImageEncoder(pool, new PngPolicy(PngFilter.ADAPTIVE, 0, bands));
        ProblemException e = assertThrows(ProblemException.class, () -> enc.encode(img, ImageFormat.PNG, 4, 100_000));
        assertEquals(ErrorCode.RESULT_TOO_LARGE, e.code());
        assertEquals(before, pool.stats().inUseBytes(), bands + " bands");
      }
    }
  }

  @Test
  void bandChecksumsCombineIntoTheChecksumOfTheWhole() {
    Random r = new Random(7);
    for (int i = 0; i < 50; i++) {
      byte[] a = new byte[r.nextInt(200_000)];
      byte[] b = new byte[r.nextInt(200_000)];
      r.nextBytes(a);
      r.nextBytes(b);
      Adler32 whole = new Adler32();
      whole.update(a);
      whole.update(b);
      assertEquals((int) whole.getValue(), Adler32s.combine(adler(a), adler(b), b.length));
    }
  }

  private byte[] encode(RgbImage img, PngPolicy policy, int level) {
    try (SegmentBuffer out = new ImageEncoder(pool, policy).encode(img, ImageFormat.PNG, level, NO_CAP)) {
      byte[] png = new byte[(int) out.length()];
      out.read(0, png, 0, png.length);
      return png;
    }
  }

  /** A crop of astronaut.png as RGB pixels. */
  private RgbImage photo(int x0, int y0, int w, int h) {
    BufferedImage src = read(ScanInputs.resource("astronaut.png"));
    ByteLease px = pool.leaseBytes(w * h * RgbImage.CHANNELS);
    byte[] b = px.bytes();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = src.getRGB(x0 + x, y0 + y);
        int i = (y * w + x) * RgbImage.CHANNELS;
        b[i] = (byte) (p >> 16);
        b[i + 1] = (byte) (p >> 8);
        b[i + 2] = (byte) p;
      }
    }
    return new RgbImage(w, h, px);
  }

  /** Random pixels (deflate finds little: many blocks); with alpha, a quarter fully transparent. */
  private RgbImage noise(int w, int h, boolean alpha) {
    Random r = new Random(w * 31L + h);
    ByteLease px = pool.leaseBytes(w * h * RgbImage.CHANNELS);
    r.nextBytes(px.bytes());
    ByteLease a = null;
    if (alpha) {
      a = pool.leaseBytes(w * h);
      r.nextBytes(a.bytes());
      for (int i = 0; i < w * h; i += 4) {
        a.bytes()[i] = 0;
      }
    }
    return new RgbImage(w, h, px, a);
  }

  /** What the PNG must hold: RGB, or RGBA with colour 0 under alpha 0. */
  private static byte[] rgbaOrRgb(RgbImage img) {
    if (!img.hasAlpha()) {
      return img.bytes();
    }
    byte[] out = new byte[img.alpha().length * 4];
    for (int i = 0; i < img.alpha().length; i++) {
      if (img.alpha()[i] != 0) {
        System.arraycopy(img.bytes(), i * 3, out, i * 4, 3);
        out[i * 4 + 3] = img.alpha()[i];
      }
    }
    return out;
  }

  private static byte[] jdkPixels(byte[] png, boolean alpha) {
    BufferedImage img = read(png);
    int channels = alpha ? 4 : 3;
    byte[] out = new byte[img.getWidth() * img.getHeight() * channels];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        int i = (y * img.getWidth() + x) * channels;
        out[i] = (byte) (p >> 16);
        out[i + 1] = (byte) (p >> 8);
        out[i + 2] = (byte) p;
        if (alpha) {
          out[i + 3] = (byte) (p >>> 24);
        }
      }
    }
    return out;
  }

  private static BufferedImage read(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Node reads the PNG from stdin (nothing on disk). Node is required, as for the receipt test. */
  private static JsonObject independentlyRead(byte[] png) throws Exception {
    Process p = new ProcessBuilder(List.of("node", READER)).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(png);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    return new JsonObject(out.trim());
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static int adler(byte[] b) {
    Adler32 a = new Adler32();
    a.update(b);
    return (int) a.getValue();
  }
}
