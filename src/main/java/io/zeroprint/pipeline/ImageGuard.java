package io.zeroprint.pipeline;

import io.zeroprint.config.LimitsConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageHeader;

/** Checks an image header against the limits before any pixel is decoded (imgproxy's checker). */
public final class ImageGuard {
  private final LimitsConfig limits;

  public ImageGuard(LimitsConfig limits) {
    this.limits = limits;
  }

  public void check(ImageHeader header, EnhanceOptions options) {
    if (header.animated()) {
      throw new ProblemException(ErrorCode.ANIMATED_IMAGE);
    }
    if (header.pixels() > limits.maxInputPixels()) {
      throw new ProblemException(ErrorCode.TOO_MANY_PIXELS, "The image has " + header.pixels()
          + " pixels; the limit is " + limits.maxInputPixels() + ".");
    }
    long result = header.pixels() * options.scale() * options.scale();
    if (result > limits.maxResultPixels()) {
      throw new ProblemException(ErrorCode.RESULT_TOO_LARGE, "×" + options.scale() + " would give " + result
          + " pixels; the limit is " + limits.maxResultPixels() + ".");
    }
  }
}
