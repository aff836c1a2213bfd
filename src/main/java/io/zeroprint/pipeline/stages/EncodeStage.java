package io.zeroprint.pipeline.stages;

import io.zeroprint.image.ImageEncoder;
import io.zeroprint.image.RgbImage;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;

/** Pixels → PNG/JPEG with no metadata; the pixels are zeroed right after. */
public final class EncodeStage implements Stage {
  public static final String NAME = "encode";
  /** Room for container overhead beyond the raw pixel bytes (PNG filter bytes, zlib framing). */
  private static final long OVERHEAD_BYTES = 64 * 1024;
  private static final long OVERHEAD_DIVISOR = 64;

  private final ImageEncoder encoder;

  public EncodeStage(ImageEncoder encoder) {
    this.encoder = encoder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(JobContext job) {
    RgbImage pixels = job.pixels();
    long raw = (long) pixels.bytes().length + (pixels.hasAlpha() ? pixels.alpha().length : 0);
    job.encoded(encoder.encode(pixels, job.options().format(), job.options().quality(),
        raw + raw / OVERHEAD_DIVISOR + OVERHEAD_BYTES), pixels.width(), pixels.height());
    job.pixels(null);
  }
}
