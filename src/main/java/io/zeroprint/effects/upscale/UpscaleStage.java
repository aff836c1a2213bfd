package io.zeroprint.effects.upscale;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.model.Tiler;
import io.zeroprint.model.Upscaler;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;

/** Super-resolution with the ESRGAN model for the requested scale, tile by tile. */
public final class UpscaleStage implements Stage {
  private final ModelRegistry models;
  private final Tiler tiler;

  UpscaleStage(ModelRegistry models, Tiler tiler) {
    this.models = models;
    this.tiler = tiler;
  }

  @Override
  public String name() {
    return UpscaleFamily.UPSCALE;
  }

  @Override
  public void run(JobContext job) {
    int scale = job.options().scale();
    Upscaler model = models.upscaler(scale).orElseThrow(() -> new ProblemException(ErrorCode.EFFECT_UNAVAILABLE,
        "No model for ×" + scale + " is installed."));
    job.pixels(tiler.run(model, job.pixels(), (done, total) -> {
      job.checkActive();
      job.tiles(name(), done, total);
    }));
  }
}
