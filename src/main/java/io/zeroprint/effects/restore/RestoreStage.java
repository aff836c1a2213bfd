package io.zeroprint.effects.restore;

import io.zeroprint.effects.StageKit;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;

/** One MAXIM restoration (deblur, denoise, …) over the whole image, tile by tile. */
public final class RestoreStage implements Stage {
  private final String name;
  private final String model;
  private final StageKit kit;

  /** @param name the effect (and stage) name, e.g. {@code deblur}; @param model its model */
  RestoreStage(String name, String model, StageKit kit) {
    this.name = name;
    this.model = model;
    this.kit = kit;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(JobContext job) {
    Restorer restorer = new Restorer(kit.model(model), kit.store(), kit.modelSettings().restorationTileSide(),
        kit.modelSettings().restorationOverlap());
    job.pixels(restorer.run(job.pixels(), (done, total) -> {
      job.checkActive();
      job.tiles(name, done, total);
    }));
  }
}
