import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.ConfigLoader;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.image.RgbImage;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.model.Tiler;
import io.zeroprint.model.Upscaler;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * The bare model, in-process, on already-decoded pixels — no HTTP, no decode, no encode — loaded with
 * the server's own settings (the same {@code ConfigLoader} and environment, so the same TensorFlow
 * intra/inter-op threads). Caller threads share the one session, as the server's jobs do. Drivers
 * keep one loaded and run it in short slices between the runs it is compared with.
 */
final class BareModel implements AutoCloseable {
  private static final float BYTE_MAX = 255f;
  private static final double NANOS_PER_S = 1e9;

  /** Images done in a time. */
  record Rate(long images, double seconds) {
    double perSecond() {
      return images / seconds;
    }
  }

  final ZeroprintConfig config;
  private final ModelRegistry registry;
  private final Upscaler model;
  private final BufferedImage img;
  private final float[] input;
  private final int outLength;

  BareModel(Path image, int scale) throws IOException {
    config = ConfigLoader.load();
    registry = ModelRegistry.load(config.models(), config.worker());
    model = registry.upscaler("esrgan-slim-x" + scale).orElseThrow();
    img = ImageIO.read(image.toFile());
    input = floats(img, model.manifest().inputMax() / BYTE_MAX);
    outLength = img.getHeight() * scale * img.getWidth() * scale * 3;
    model.run(input, img.getHeight(), img.getWidth(), new float[outLength]); // the first full-size run pays for set-up
  }

  /** {@code threads} callers running the model back to back until {@code seconds} have passed. */
  Rate run(int threads, double seconds) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    long stopAt = start + (long) (seconds * NANOS_PER_S);
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      callers.add(new Thread(() -> {
        float[] out = new float[outLength];
        do {
          model.run(input, img.getHeight(), img.getWidth(), out); // reads input, never writes it
          done.incrementAndGet();
        } while (System.nanoTime() < stopAt);
      }));
    }
    callers.forEach(Thread::start);
    for (Thread t : callers) {
      t.join();
    }
    return new Rate(done.get(), (System.nanoTime() - start) / NANOS_PER_S);
  }

  /**
   * The model alone and the server's {@link Tiler} path (bytes → float tiles → model → clamped
   * bytes, over the same pool type), alternated image by image so both see the same machine load.
   * Returns {model, tiler}.
   */
  Rate[] runWithTiler(double seconds) {
    float[] out = new float[outLength];
    SegmentPool pool = new SegmentPool(config.buffers());
    Tiler tiler = new Tiler(pool, config.worker().tileOutputSide());
    long modelNanos = 0;
    long tilerNanos = 0;
    long pairs = 0;
    try (RgbImage src = rgb(pool)) {
      long stopAt = System.nanoTime() + (long) (seconds * NANOS_PER_S);
      do {
        long t0 = System.nanoTime();
        model.run(input, img.getHeight(), img.getWidth(), out);
        long t1 = System.nanoTime();
        tiler.run(model, src, (done, total) -> { }).close(); // no cancellation or progress here
        modelNanos += t1 - t0;
        tilerNanos += System.nanoTime() - t1;
        pairs++;
      } while (System.nanoTime() < stopAt);
    }
    return new Rate[] {new Rate(pairs, modelNanos / NANOS_PER_S), new Rate(pairs, tilerNanos / NANOS_PER_S)};
  }

  @Override
  public void close() {
    registry.close();
  }

  /** Interleaved RGB floats in the model's input range, as the Tiler feeds it. */
  private static float[] floats(BufferedImage img, float inScale) {
    int w = img.getWidth();
    float[] px = new float[w * img.getHeight() * 3];
    int i = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        px[i++] = ((rgb >> 16) & 0xff) * inScale;
        px[i++] = ((rgb >> 8) & 0xff) * inScale;
        px[i++] = (rgb & 0xff) * inScale;
      }
    }
    return px;
  }

  /** The decoded image as the server holds it: interleaved sRGB bytes in a budgeted lease. */
  private RgbImage rgb(SegmentPool pool) {
    int w = img.getWidth();
    int h = img.getHeight();
    RgbImage out = new RgbImage(w, h, pool.leaseBytes(w * h * RgbImage.CHANNELS));
    byte[] px = out.bytes();
    int i = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        px[i++] = (byte) (rgb >> 16);
        px[i++] = (byte) (rgb >> 8);
        px[i++] = (byte) rgb;
      }
    }
    return out;
  }
}
