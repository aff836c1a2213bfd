package io.zeroprint.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;

/**
 * The request path as data: a named list of stages run in order, with a cancellation/deadline
 * check between them and a timer per stage ({@code zeroprint_stage_seconds{stage=…}}).
 */
public final class Pipeline {
  private final List<Stage> stages;
  private final List<Timer> timers;

  public Pipeline(List<Stage> stages, MeterRegistry metrics) {
    this.stages = List.copyOf(stages);
    this.timers = stages.stream()
        .map(s -> Timer.builder("zeroprint.stage").description("Time spent in one pipeline stage")
            .tag("stage", s.name()).register(metrics))
        .toList();
  }

  public List<String> stageNames() {
    return stages.stream().map(Stage::name).toList();
  }

  public void run(JobContext job) {
    for (int i = 0; i < stages.size(); i++) {
      job.checkActive();
      Stage stage = stages.get(i);
      job.stage(stage.name());
      timers.get(i).record(() -> stage.run(job));
    }
  }
}
