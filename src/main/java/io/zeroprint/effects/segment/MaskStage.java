package io.zeroprint.effects.segment;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;

/** Uses the person mask: {@code portrait} blurs the background, {@code cutout} makes it transparent. */
public final class MaskStage implements Stage {
  private final String name;
  private final BufferStore store;

  private MaskStage(String name, BufferStore store) {
    this.name = name;
    this.store = store;
  }

  static MaskStage portrait(BufferStore store) {
    return new MaskStage(SegmentFamily.PORTRAIT, store);
  }

  static MaskStage cutout(BufferStore store) {
    return new MaskStage(SegmentFamily.CUTOUT, store);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(JobContext job) {
    byte[] mask = job.mask().bytes();
    job.pixels(SegmentFamily.PORTRAIT.equals(name)
        ? Composite.portrait(store, job.pixels(), mask, job.options().integer(SegmentFamily.BLUR))
        : Composite.cutout(store, job.pixels(), mask));
    job.mask(null);
  }
}
