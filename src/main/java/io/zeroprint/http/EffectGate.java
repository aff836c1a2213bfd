package io.zeroprint.http;

import io.vertx.core.json.JsonObject;
import io.zeroprint.effects.Effects;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.pipeline.EnhanceOptions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HTTP side's copy of what the worker can run (asked once over the bus at start-up: models
 * load before the HTTP verticles deploy and do not change while running). Lets a request for an
 * effect whose model is not installed be refused before its upload is read.
 */
final class EffectGate {
  private final JsonObject catalogue;
  private final Set<String> installed;

  EffectGate(JsonObject catalogue) {
    this.catalogue = catalogue;
    this.installed = catalogue.getJsonArray("installed").stream().map(String::valueOf).collect(Collectors.toSet());
  }

  /** The {@code GET /v1/effects} body. */
  JsonObject catalogue() {
    return catalogue;
  }

  /** Parsed options whose models are all installed, or the effect_unavailable problem. */
  EnhanceOptions check(EnhanceOptions o) {
    List<String> missing = Effects.modelsFor(o.effect(), o.stages(), o.scale()).stream()
        .filter(m -> !installed.contains(m)).toList();
    if (!missing.isEmpty()) {
      throw new ProblemException(ErrorCode.EFFECT_UNAVAILABLE, "Effect " + o.effect() + " needs " + missing
          + ", not installed here. See GET /v1/effects.");
    }
    return o;
  }
}
