package io.zeroprint.pipeline.stages;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.model.GraphModel;
import io.zeroprint.model.ModelRegistry;

/** What the model-backed stages share. */
final class Stages {
  private Stages() {}

  /** A loaded model, or the effect_unavailable problem naming it. */
  static GraphModel model(ModelRegistry models, String name) {
    return models.model(name).orElseThrow(() -> new ProblemException(ErrorCode.EFFECT_UNAVAILABLE,
        "Model " + name + " is not installed."));
  }
}
