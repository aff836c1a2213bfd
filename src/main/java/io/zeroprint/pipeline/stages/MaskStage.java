package io.zeroprint.pipeline.stages;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.effects.segment.Composite;
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

  public static MaskStage portrait(BufferStore store) {
    return new MaskStage("portrait", store);
  }

  public static MaskStage cutout(BufferStore store) {
    return new MaskStage("cutout", store);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(JobContext job) {
    byte[] mask = job.mask().bytes();
    job.pixels("portrait".equals(name)
        ? Composite.portrait(store, job.pixels(), mask, job.options().blur())
        : Composite.cutout(store, job.pixels(), mask));
    job.mask(null);
  }
}
