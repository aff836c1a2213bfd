package io.zeroprint.pipeline.stages;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.config.ModelsConfig;
import io.zeroprint.effects.restore.Restorer;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;

/** One MAXIM restoration (deblur, denoise, …) over the whole image, tile by tile. */
public final class RestoreStage implements Stage {
  private final String name;
  private final String model;
  private final ModelRegistry models;
  private final BufferStore store;
  private final ModelsConfig settings;

  /** @param name the effect (and stage) name, e.g. {@code deblur}; @param model its model */
  public RestoreStage(String name, String model, ModelRegistry models, BufferStore store, ModelsConfig settings) {
    this.name = name;
    this.model = model;
    this.models = models;
    this.store = store;
    this.settings = settings;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(JobContext job) {
    Restorer restorer = new Restorer(Stages.model(models, model), store, settings.restorationTileSide(),
        settings.restorationOverlap());
    job.pixels(restorer.run(job.pixels(), (done, total) -> {
      job.checkActive();
      job.tiles(name, done, total);
    }));
  }
}
