package io.zeroprint.pipeline.stages;

import io.zeroprint.image.ImageHeader;
import io.zeroprint.pipeline.ImageGuard;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;

/**
 * Re-reads the header from the bytes the worker actually holds and checks the limits again before
 * decoding: the bus is the worker's contract, and it trusts no sender's word about the image. The
 * scan is bounded and cheap (milliseconds for the largest upload).
 */
public final class GuardStage implements Stage {
  public static final String NAME = "guard";
  private final ImageGuard guard;

  public GuardStage(ImageGuard guard) {
    this.guard = guard;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(JobContext job) {
    ImageHeader actual = ImageHeader.read(job.upload());
    if (!actual.equals(job.header())) {
      throw new IllegalStateException("image header changed after admission");
    }
    guard.check(actual, job.options());
  }
}
