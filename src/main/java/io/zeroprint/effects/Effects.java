package io.zeroprint.effects;

import io.zeroprint.effects.face.FaceDetector;
import io.zeroprint.effects.face.FaceMesh;
import io.zeroprint.effects.segment.Segmenter;
import io.zeroprint.model.catalog.ModelCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every effect zeroprint offers, in one place: the {@code effect} option is checked against it,
 * {@code GET /v1/effects} lists it, and {@link io.zeroprint.pipeline.Pipelines} turns each into its
 * list of stages. No effect derives identity, age, gender or emotion: zeroprint ships no such model.
 */
public final class Effects {
  public static final String UPSCALE = "upscale";
  public static final String LANDMARKS = "landmarks";
  public static final String PORTRAIT = "portrait";
  public static final String CUTOUT = "cutout";
  public static final String RESTORE = "restore";
  public static final int DEFAULT_SCALE = 2;
  public static final int DEFAULT_BLUR = 12;
  public static final int MAX_BLUR = 64;
  /** {@code restore} without {@code stages}: noise first (deblurring amplifies it), then blur, then ×2. */
  public static final List<String> DEFAULT_RESTORE_STAGES = List.of("denoise", "deblur", UPSCALE);

  /** MAXIM effect name → its model, from the import catalogue. */
  public static final Map<String, String> RESTORATION_MODELS = restorationModels();

  private static final Effect.Option FORMAT = new Effect.Option("format", "png|jpeg", "output.defaultFormat",
      "encoding of the result");
  private static final Effect.Option QUALITY = new Effect.Option("quality", "1..100", "output.jpegQuality",
      "JPEG quality");
  private static final Effect.Option SCALE = new Effect.Option("scale", "2|3|4|8", String.valueOf(DEFAULT_SCALE),
      "upscaling factor");

  public static final List<Effect> ALL = all();

  private Effects() {}

  public static Effect byName(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
  }

  public static List<String> names() {
    return ALL.stream().map(Effect::name).toList();
  }

  /**
   * The models a request needs: the effect's own, or for {@code restore} those of its stages (the
   * upscaler for {@code scale} when it ends in {@code upscale}).
   */
  public static List<String> modelsFor(String effect, List<String> stages, int scale) {
    if (UPSCALE.equals(effect)) {
      return List.of(upscaler(scale));
    }
    if (!RESTORE.equals(effect)) {
      return byName(effect).models();
    }
    return stages.stream().map(s -> UPSCALE.equals(s) ? upscaler(scale) : RESTORATION_MODELS.get(s)).toList();
  }

  /** The model an upscaling factor needs. */
  public static String upscaler(int scale) {
    return "esrgan-slim-x" + scale;
  }

  private static List<Effect> all() {
    List<Effect> all = new ArrayList<>();
    all.add(new Effect(UPSCALE, "Super-resolution (ESRGAN-slim)", "image", List.of(upscaler(DEFAULT_SCALE)),
        List.of(SCALE, FORMAT, QUALITY)));
    all.add(new Effect(LANDMARKS, "Face boxes and the 468 FaceMesh points with named groups, in image pixels",
        "json", List.of(FaceDetector.MODEL, FaceMesh.MODEL), List.of()));
    all.add(new Effect(PORTRAIT, "Background blurred behind the person (segmentation mask, feathered edge)", "image",
        List.of(Segmenter.MODEL), List.of(new Effect.Option("blur", "1.." + MAX_BLUR, String.valueOf(DEFAULT_BLUR),
            "background blur radius in pixels"), FORMAT, QUALITY)));
    all.add(new Effect(CUTOUT, "The person on a transparent background", "png", List.of(Segmenter.MODEL), List.of()));
    RESTORATION_MODELS.forEach((name, model) -> all.add(new Effect(name, "MAXIM " + model.substring("maxim-".length())
        + " (restoration, tiled)", "image", List.of(model), List.of(FORMAT, QUALITY))));
    all.add(new Effect(RESTORE, "A pipeline of restoration stages, optionally ending in an upscale", "image",
        List.of(), List.of(new Effect.Option("stages", "comma list of " + RESTORATION_MODELS.keySet() + " and upscale",
            String.join(",", DEFAULT_RESTORE_STAGES), "stages in order"), SCALE, FORMAT, QUALITY)));
    return List.copyOf(all);
  }

  private static Map<String, String> restorationModels() {
    Map<String, String> m = new LinkedHashMap<>();
    ModelCatalog.MAXIM.forEach((effect, bundle) -> m.put(effect, bundle.entries().get(0).name()));
    return java.util.Collections.unmodifiableMap(m);
  }
}
