package io.zeroprint.pipeline;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.zeroprint.config.OutputConfig;
import io.zeroprint.effects.Effect;
import io.zeroprint.effects.Effects;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client asks for: {@code effect} and the options that effect takes ({@link Effects}).
 * Accepted as query parameters and/or a JSON {@code options} part (the JSON wins). Unknown names,
 * and options the chosen effect does not take, are errors, so a typo is reported instead of
 * silently ignored.
 *
 * @param scale  upscaling factor (1 when the effect does not upscale)
 * @param stages {@code restore}'s stages in order; for other effects empty
 * @param blur   {@code portrait}'s background blur radius (0 otherwise)
 */
public record EnhanceOptions(String effect, int scale, ImageFormat format, int quality, Duration retain,
    List<String> stages, int blur) {
  public static final Set<Integer> SCALES = Set.of(2, 3, 4, 8);
  /** Options every effect takes. */
  private static final Set<String> COMMON = Set.of("effect", "retain");

  /** Parses and validates raw name → value pairs against the output defaults. */
  public static EnhanceOptions parse(Map<String, String> raw, OutputConfig defaults) {
    String name = raw.getOrDefault("effect", Effects.UPSCALE);
    Effect effect = Effects.byName(name);
    if (effect == null) {
      throw new ProblemException(ErrorCode.UNKNOWN_EFFECT, "Effects offered: " + Effects.names() + ".");
    }
    for (String option : raw.keySet()) {
      if (!COMMON.contains(option) && effect.options().stream().noneMatch(o -> o.name().equals(option))) {
        throw invalid("Option '" + safe(option) + "' does not apply to effect " + name + ".");
      }
    }
    List<String> stages = Effects.RESTORE.equals(name) ? stages(raw.get("stages")) : List.of();
    boolean upscales = Effects.UPSCALE.equals(name) || stages.contains(Effects.UPSCALE);
    int scale = upscales ? integer(raw, "scale", Effects.DEFAULT_SCALE) : 1;
    if (upscales && !SCALES.contains(scale)) {
      throw invalid("scale must be one of 2, 3, 4, 8.");
    }
    if (!upscales && raw.containsKey("scale")) {
      throw invalid("scale applies only when the stages include upscale.");
    }
    int blur = Effects.PORTRAIT.equals(name) ? integer(raw, "blur", Effects.DEFAULT_BLUR) : 0;
    if (Effects.PORTRAIT.equals(name) && (blur < 1 || blur > Effects.MAX_BLUR)) {
      throw invalid("blur must be between 1 and " + Effects.MAX_BLUR + ".");
    }
    String formatId = "png".equals(effect.output()) ? "png" : raw.getOrDefault("format", defaults.defaultFormat());
    ImageFormat format = ImageFormat.byId(formatId).orElseThrow(() -> invalid("format must be png or jpeg."));
    int quality = integer(raw, "quality", format == ImageFormat.JPEG ? defaults.jpegQuality() : defaults.pngCompression());
    if (format == ImageFormat.JPEG && (quality < 1 || quality > 100)) {
      throw invalid("quality must be between 1 and 100 for jpeg.");
    }
    if (format == ImageFormat.PNG && raw.containsKey("quality")) {
      throw invalid("quality applies to jpeg only.");
    }
    return new EnhanceOptions(name, scale, format, quality, retain(raw.get("retain")), stages, blur);
  }

  /** Whether the result is JSON (landmarks) rather than an image. */
  public boolean jsonResult() {
    return "json".equals(Effects.byName(effect).output());
  }

  /** {@code restore}'s stages: restoration effects and {@code upscale}, each at most once. */
  private static List<String> stages(String raw) {
    if (raw == null) {
      return Effects.DEFAULT_RESTORE_STAGES;
    }
    List<String> out = new ArrayList<>();
    for (String s : raw.split(",", -1)) {
      String stage = s.trim();
      if (!Effects.RESTORATION_MODELS.containsKey(stage) && !Effects.UPSCALE.equals(stage)) {
        throw invalid("stages are a comma list of " + Effects.RESTORATION_MODELS.keySet() + " and upscale.");
      }
      if (out.contains(stage)) {
        throw invalid("A stage appears twice in stages.");
      }
      out.add(stage);
    }
    return List.copyOf(out);
  }

  /** Query parameters as raw options; a repeated parameter is an error. */
  public static Map<String, String> fromQuery(MultiMap params) {
    Map<String, String> raw = new LinkedHashMap<>();
    for (String name : params.names()) {
      if (params.getAll(name).size() > 1) {
        throw invalid("Option '" + safe(name) + "' is given more than once.");
      }
      raw.put(name, params.get(name));
    }
    return raw;
  }

  /** The JSON {@code options} part merged over {@code base}. */
  public static Map<String, String> mergeJson(Map<String, String> base, String json) {
    Map<String, String> raw = new LinkedHashMap<>(base);
    try {
      JsonObject o = new JsonObject(json);
      for (String name : o.fieldNames()) {
        Object v = o.getValue(name);
        if (v instanceof JsonObject || v instanceof io.vertx.core.json.JsonArray || v == null) {
          throw invalid("Option '" + safe(name) + "' must be a string or a number.");
        }
        raw.put(name, String.valueOf(v));
      }
      return raw;
    } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
      throw invalid("The options part is not a JSON object.");
    }
  }

  /** {@code retain=PT24H}: keep the (encrypted) result this long; null = not kept. */
  private static Duration retain(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      Duration d = Duration.parse(iso.trim());
      if (d.isNegative() || d.isZero()) {
        throw invalid("retain must be a positive ISO-8601 duration such as PT24H.");
      }
      return d;
    } catch (java.time.format.DateTimeParseException e) {
      throw invalid("retain must be an ISO-8601 duration such as PT24H or P10D.");
    }
  }

  private static int integer(Map<String, String> raw, String name, int dflt) {
    String v = raw.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw invalid(name + " must be an integer.");
    }
  }

  /** Option names are echoed only when short and plain, so an error never reflects arbitrary input. */
  private static String safe(String name) {
    return name.matches("[A-Za-z0-9_.-]{1,32}") ? name : "?";
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ErrorCode.INVALID_OPTION, detail);
  }
}
