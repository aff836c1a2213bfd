package io.zeroprint.effects;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.config.ModelsConfig;
import io.zeroprint.config.WorkerConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.model.GraphModel;
import io.zeroprint.model.ModelRegistry;

/** What stages are built from: the loaded models, the image memory and their settings. */
public record StageKit(ModelRegistry models, BufferStore store, WorkerConfig worker, ModelsConfig modelSettings) {

  /** A loaded model, or the effect_unavailable problem naming it. */
  public GraphModel model(String name) {
    return models.model(name).orElseThrow(() -> new ProblemException(ErrorCode.EFFECT_UNAVAILABLE,
        "Model " + name + " is not installed."));
  }
}
