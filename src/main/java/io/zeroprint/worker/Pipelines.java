package io.zeroprint.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.zeroprint.config.LimitsConfig;
import io.zeroprint.effects.EffectCatalogue;
import io.zeroprint.effects.StageKit;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageDecoder;
import io.zeroprint.image.ImageEncoder;
import io.zeroprint.pipeline.EnhanceOptions;
import io.zeroprint.pipeline.ImageGuard;
import io.zeroprint.pipeline.Pipeline;
import io.zeroprint.pipeline.Stage;
import io.zeroprint.pipeline.stages.DecodeStage;
import io.zeroprint.pipeline.stages.EncodeStage;
import io.zeroprint.pipeline.stages.GuardStage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the pipeline a request asks for: guard and decode, the stages the effect declared, then
 * encode (for image results). Stages are built once from every effect family; a pipeline per
 * distinct stage list is built on first use and reused.
 */
final class Pipelines {
  private final Map<String, Stage> stages = new LinkedHashMap<>();
  private final Map<List<String>, Pipeline> built = new ConcurrentHashMap<>();
  private final StageKit kit;
  private final MeterRegistry metrics;

  Pipelines(LimitsConfig limits, StageKit kit, MeterRegistry metrics) {
    this.kit = kit;
    this.metrics = metrics;
    add(new GuardStage(new ImageGuard(limits)));
    add(new DecodeStage(new ImageDecoder(kit.store())));
    EffectCatalogue.FAMILIES.forEach(f -> f.stages(kit).forEach(this::add));
    add(new EncodeStage(new ImageEncoder(kit.store())));
  }

  /** The pipeline for a request; refuses at once (before decoding) when a model it needs is not loaded. */
  Pipeline forOptions(EnhanceOptions o) {
    List<String> missing = o.models().stream().filter(m -> !kit.models().has(m)).toList();
    if (!missing.isEmpty()) {
      throw new ProblemException(ErrorCode.EFFECT_UNAVAILABLE, "Not installed: " + String.join(", ", missing) + ".");
    }
    List<String> names = new ArrayList<>(List.of(GuardStage.NAME, DecodeStage.NAME));
    names.addAll(o.stages());
    if (!o.jsonResult()) {
      names.add(EncodeStage.NAME);
    }
    return built.computeIfAbsent(names, n -> new Pipeline(n.stream().map(stages::get).toList(), metrics));
  }

  private void add(Stage s) {
    stages.put(s.name(), s);
  }
}
