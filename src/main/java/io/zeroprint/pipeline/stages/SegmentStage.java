package io.zeroprint.pipeline.stages;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.effects.segment.Segmenter;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;

/** The person mask for the stage after it (portrait, cutout); kept in the job, zeroed with it. */
public final class SegmentStage implements Stage {
  private final ModelRegistry models;
  private final BufferStore store;

  public SegmentStage(ModelRegistry models, BufferStore store) {
    this.models = models;
    this.store = store;
  }

  @Override
  public String name() {
    return "segment";
  }

  @Override
  public void run(JobContext job) {
    job.mask(new Segmenter(Stages.model(models, Segmenter.MODEL), store).mask(job.pixels()));
  }
}
