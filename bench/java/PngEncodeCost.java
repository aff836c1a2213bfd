import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.BufferConfig;
import io.zeroprint.image.ImageEncoder;
import io.zeroprint.image.ImageFormat;
import io.zeroprint.image.PngFilter;
import io.zeroprint.image.PngPolicy;
import io.zeroprint.image.RgbImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What a PNG result costs to encode, per setting, on real photos scaled (bicubic, as smooth as an
 * upscaled result) to 512² and 2048²: zeroprint's encoder at deflate levels 1..6 with the up and
 * the adaptive row filter, each filter at level 4, in 1, 2 and 4 row bands, against the JDK's ImageIO writer (the previous encoder). CPU
 * time rather than wall time, which on a shared machine measures the neighbours: per case the
 * median over the rounds of the CPU all encoding threads spent (the caller and the band pool) and
 * of the busiest thread's CPU (the critical path: the wall time on an otherwise idle machine with
 * as many cores as threads), and the bytes. Not part of run.sh. Run:
 * {@code java -cp target/classes:DEPS PngEncodeCost src/test/resources/images}.
 */
public final class PngEncodeCost {
  private static final String[] PHOTOS = {"astronaut.png", "coffee.png", "rocket.jpg"};
  private static final int[] SIDES = {512, 2048};
  private static final int WARM_UP = 2;
  private static final int ROUNDS = 3;

  private static final SegmentPool POOL = new SegmentPool(new BufferConfig(1L << 31, 64 * 1024, 0));
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    File dir = new File(args.length > 0 ? args[0] : "src/test/resources/images");
    System.out.println("photo side setting cpu_ms busiest_thread_ms bytes");
    for (int side : SIDES) {
      for (String photo : PHOTOS) {
        BufferedImage src = ImageIO.read(new File(dir, photo));
        RgbImage img = scaled(src, side);
        String at = photo + " " + side;
        time(at, "imageio-4", () -> imageIo(img, 4));
        time(at, "L1-none-b1", () -> ours(img, PngFilter.NONE, 1, 1));
        for (int level = 1; level <= 6; level++) {
          int l = level;
          time(at, "L" + l + "-up-b1", () -> ours(img, PngFilter.UP, 1, l));
          time(at, "L" + l + "-adaptive-b1", () -> ours(img, PngFilter.ADAPTIVE, 1, l));
        }
        for (PngFilter f : List.of(PngFilter.NONE, PngFilter.SUB, PngFilter.AVERAGE, PngFilter.PAETH)) {
          time(at, "L4-" + f.name().toLowerCase() + "-b1", () -> ours(img, f, 1, 4));
        }
        for (int bands : new int[] {2, 4}) {
          for (int level : new int[] {1, 2, 4}) {
            time(at, "L" + level + "-up-b" + bands, () -> ours(img, PngFilter.UP, bands, level));
          }
          time(at, "L4-adaptive-b" + bands, () -> ours(img, PngFilter.ADAPTIVE, bands, 4));
        }
        img.close();
      }
    }
  }

  private interface Encode {
    long run() throws Exception;
  }

  private static void time(String at, String setting, Encode e) throws Exception {
    long[] total = new long[ROUNDS];
    long[] busiest = new long[ROUNDS];
    long bytes = 0;
    for (int i = 0; i < WARM_UP + ROUNDS; i++) {
      long[] ids = encodingThreads();
      long[] before = cpu(ids);
      bytes = e.run();
      long[] after = cpu(ids);
      if (i >= WARM_UP) {
        for (int t = 0; t < ids.length; t++) {
          long d = after[t] - before[t];
          total[i - WARM_UP] += d;
          busiest[i - WARM_UP] = Math.max(busiest[i - WARM_UP], d);
        }
      }
    }
    Arrays.sort(total);
    Arrays.sort(busiest);
    System.out.printf("%s %s %.1f %.1f %d%n", at, setting, total[ROUNDS / 2] / 1e6, busiest[ROUNDS / 2] / 1e6, bytes);
  }

  /** The calling thread and the band pool's threads (started by the first parallel encode). */
  private static long[] encodingThreads() {
    List<Long> ids = new ArrayList<>(List.of(Thread.currentThread().getId()));
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("zeroprint-png-")) {
        ids.add(t.getId());
      }
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  private static long[] cpu(long[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.max(0, MX.getThreadCpuTime(ids[i]));
    }
    return out;
  }

  private static long ours(RgbImage img, PngFilter filter, int bands, int level) {
    ImageEncoder enc = new ImageEncoder(POOL, new PngPolicy(filter, 0, bands));
    try (SegmentBuffer out = enc.encode(img, ImageFormat.PNG, level, Long.MAX_VALUE)) {
      return out.length();
    }
  }

  /** The JDK's writer with the settings zeroprint used before (explicit compression, level 9·(1−q)). */
  private static long imageIo(RgbImage img, int level) throws Exception {
    BufferedImage view = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] d = ((java.awt.image.DataBufferByte) view.getRaster().getDataBuffer()).getData();
    byte[] px = img.bytes();
    for (int i = 0; i < px.length; i += 3) { // a conversion not timed apart; small beside the encode
      d[i] = px[i + 2];
      d[i + 1] = px[i + 1];
      d[i + 2] = px[i];
    }
    ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream s = new MemoryCacheImageOutputStream(bytes)) {
      w.setOutput(s);
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(1f - level / 9f);
      w.write(null, new IIOImage(view, null, null), p);
    } finally {
      w.dispose();
    }
    return bytes.size();
  }

  private static RgbImage scaled(BufferedImage src, int side) {
    BufferedImage dst = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = dst.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(src, 0, 0, side, side, null);
    g.dispose();
    ByteLease px = POOL.leaseBytes(side * side * 3);
    byte[] b = px.bytes();
    int[] row = new int[side];
    for (int y = 0; y < side; y++) {
      dst.getRGB(0, y, side, 1, row, 0, side);
      for (int x = 0; x < side; x++) {
        int i = (y * side + x) * 3;
        b[i] = (byte) (row[x] >> 16);
        b[i + 1] = (byte) (row[x] >> 8);
        b[i + 2] = (byte) row[x];
      }
    }
    return new RgbImage(side, side, px);
  }
}
