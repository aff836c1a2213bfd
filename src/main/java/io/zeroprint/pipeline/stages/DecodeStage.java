package io.zeroprint.pipeline.stages;

import io.zeroprint.image.ImageDecoder;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;

/** Encoded upload → sRGB pixels (EXIF orientation applied); the upload is zeroed right after. */
public final class DecodeStage implements Stage {
  public static final String NAME = "decode";
  private final ImageDecoder decoder;

  public DecodeStage(ImageDecoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(JobContext job) {
    job.pixels(decoder.decode(job.upload(), job.header(), job::abortWith));
    job.checkActive(); // an aborted decode returns early: its partial pixels are not the image
    job.releaseUpload();
  }
}
