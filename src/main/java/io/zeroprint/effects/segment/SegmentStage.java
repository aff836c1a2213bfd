package io.zeroprint.effects.segment;

import io.zeroprint.effects.StageKit;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;

/** The person mask for the stage after it (portrait, cutout); kept in the job, zeroed with it. */
public final class SegmentStage implements Stage {
  private final StageKit kit;

  SegmentStage(StageKit kit) {
    this.kit = kit;
  }

  @Override
  public String name() {
    return SegmentFamily.SEGMENT;
  }

  @Override
  public void run(JobContext job) {
    job.mask(new Segmenter(kit.model(Segmenter.MODEL), kit.store()).mask(job.pixels()));
  }
}
