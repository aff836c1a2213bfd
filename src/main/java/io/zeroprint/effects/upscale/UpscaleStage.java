package io.zeroprint.effects.upscale;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.image.EdgePad;
import io.zeroprint.image.RgbImage;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.model.TiledModel;
import io.zeroprint.model.Tiler;
import io.zeroprint.model.Upscaler;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;

/** Super-resolution with the ESRGAN model for the requested scale and tier, tile by tile. */
public final class UpscaleStage implements Stage {
  private final ModelRegistry models;
  private final Tiler tiler;
  private final BufferStore store;

  UpscaleStage(ModelRegistry models, Tiler tiler, BufferStore store) {
    this.models = models;
    this.tiler = tiler;
    this.store = store;
  }

  @Override
  public String name() {
    return UpscaleFamily.UPSCALE;
  }

  @Override
  public void run(JobContext job) {
    int scale = job.options().scale();
    String name = UpscaleFamily.model(job.options().settings());
    Upscaler model = models.upscaler(name).orElseThrow(() -> new ProblemException(ErrorCode.EFFECT_UNAVAILABLE,
        "No model for ×" + scale + " in this tier is installed (" + name + ")."));
    RgbImage in = job.pixels();
    int pad = model.manifest().tileContext();
    if (in.width() > 2 * pad && in.height() > 2 * pad) {
      job.pixels(tiler.run(model, in, progress(job)));
      return;
    }
    // An image no wider than the model's view: every pixel would see the network's zero padding
    // (a 1×1 red pixel comes out nearly black). It is extended by its own edge pixels first, and the
    // extension cut off again after.
    try (RgbImage padded = EdgePad.pad(store, in, pad); RgbImage big = tiler.run(model, padded, progress(job))) {
      job.pixels(EdgePad.crop(store, big, pad * scale, pad * scale, in.width() * scale, in.height() * scale));
    }
  }

  private TiledModel.Progress progress(JobContext job) {
    return (done, total) -> {
      job.checkActive();
      job.tiles(name(), done, total);
    };
  }
}
