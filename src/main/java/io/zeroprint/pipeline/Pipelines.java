package io.zeroprint.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.effects.Effects;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageDecoder;
import io.zeroprint.image.ImageEncoder;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.model.Tiler;
import io.zeroprint.pipeline.stages.DecodeStage;
import io.zeroprint.pipeline.stages.EncodeStage;
import io.zeroprint.pipeline.stages.GuardStage;
import io.zeroprint.pipeline.stages.LandmarksStage;
import io.zeroprint.pipeline.stages.MaskStage;
import io.zeroprint.pipeline.stages.RestoreStage;
import io.zeroprint.pipeline.stages.SegmentStage;
import io.zeroprint.pipeline.stages.UpscaleStage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each effect as data: the names of its stages, in order, between decoding and encoding. Stages
 * are built once; a pipeline per distinct stage list is built on first use and reused.
 */
public final class Pipelines {
  private static final String GUARD = "guard";
  private static final String DECODE = "decode";
  private static final String ENCODE = "encode";

  private final Map<String, Stage> stages = new LinkedHashMap<>();
  private final Map<List<String>, Pipeline> built = new ConcurrentHashMap<>();
  private final ModelRegistry models;
  private final MeterRegistry metrics;

  public Pipelines(ZeroprintConfig config, ModelRegistry models, BufferStore store, MeterRegistry metrics) {
    this.models = models;
    this.metrics = metrics;
    add(new GuardStage(new ImageGuard(config.limits())));
    add(new DecodeStage(new ImageDecoder(store)));
    add(new UpscaleStage(models, new Tiler(store, config.worker().tileOutputSide())));
    add(new LandmarksStage(models, store));
    add(new SegmentStage(models, store));
    add(MaskStage.portrait(store));
    add(MaskStage.cutout(store));
    Effects.RESTORATION_MODELS.forEach((name, model) -> add(new RestoreStage(name, model, models, store, config.models())));
    add(new EncodeStage(new ImageEncoder(store)));
  }

  /** The stage names an effect runs, e.g. {@code [guard, decode, segment, portrait, encode]}. */
  public static List<String> stageNames(EnhanceOptions o) {
    List<String> names = new ArrayList<>(List.of(GUARD, DECODE));
    switch (o.effect()) {
      case Effects.UPSCALE -> names.add(Effects.UPSCALE);
      case Effects.LANDMARKS -> names.add(Effects.LANDMARKS);
      case Effects.PORTRAIT -> names.addAll(List.of("segment", Effects.PORTRAIT));
      case Effects.CUTOUT -> names.addAll(List.of("segment", Effects.CUTOUT));
      case Effects.RESTORE -> names.addAll(o.stages());
      default -> names.add(o.effect()); // a MAXIM restoration effect
    }
    if (!o.jsonResult()) {
      names.add(ENCODE);
    }
    return names;
  }

  /** The models a request needs that are not installed (empty when it can run). */
  public List<String> missingModels(EnhanceOptions o) {
    List<String> missing = new ArrayList<>();
    for (String model : Effects.modelsFor(o.effect(), o.stages(), o.scale())) {
      boolean loaded = model.equals(Effects.upscaler(o.scale())) ? models.upscaler(o.scale()).isPresent()
          : models.model(model).isPresent();
      if (!loaded) {
        missing.add(model);
      }
    }
    return missing;
  }

  /** The pipeline for a request; refuses at once (before decoding) when a model it needs is missing. */
  public Pipeline forOptions(EnhanceOptions o) {
    List<String> missing = missingModels(o);
    if (!missing.isEmpty()) {
      throw new ProblemException(ErrorCode.EFFECT_UNAVAILABLE, "Not installed: " + missing
          + ". See GET /v1/effects; restoration models install with `models pull restore`.");
    }
    return built.computeIfAbsent(stageNames(o), names -> new Pipeline(names.stream().map(stages::get).toList(), metrics));
  }

  private void add(Stage s) {
    stages.put(s.name(), s);
  }
}
