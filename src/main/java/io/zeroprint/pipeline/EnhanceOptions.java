package io.zeroprint.pipeline;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.zeroprint.config.OutputConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a client asks for: {@code effect}, {@code scale}, {@code format}, {@code quality}. Accepted
 * as query parameters and/or a JSON {@code options} part (the JSON wins). Unknown names are errors,
 * so a typo is reported instead of silently ignored.
 */
public record EnhanceOptions(String effect, int scale, ImageFormat format, int quality, Duration retain) {
  public static final String EFFECT_UPSCALE = "upscale";
  public static final int DEFAULT_SCALE = 2;
  public static final Set<Integer> SCALES = Set.of(2, 3, 4, 8);
  private static final Set<String> NAMES = Set.of("effect", "scale", "format", "quality", "retain");

  /** Parses and validates raw name → value pairs against the output defaults. */
  public static EnhanceOptions parse(Map<String, String> raw, OutputConfig defaults) {
    for (String name : raw.keySet()) {
      if (!NAMES.contains(name)) {
        throw invalid("Unknown option '" + safe(name) + "'; options are " + NAMES + ".");
      }
    }
    String effect = raw.getOrDefault("effect", EFFECT_UPSCALE);
    if (!EFFECT_UPSCALE.equals(effect)) {
      throw new ProblemException(ErrorCode.UNKNOWN_EFFECT, "Effects offered: [" + EFFECT_UPSCALE + "].");
    }
    int scale = integer(raw, "scale", DEFAULT_SCALE);
    if (!SCALES.contains(scale)) {
      throw invalid("scale must be one of 2, 3, 4, 8.");
    }
    ImageFormat format = ImageFormat.byId(raw.getOrDefault("format", defaults.defaultFormat()))
        .orElseThrow(() -> invalid("format must be png or jpeg."));
    int quality = integer(raw, "quality", format == ImageFormat.JPEG ? defaults.jpegQuality() : defaults.pngCompression());
    if (format == ImageFormat.JPEG && (quality < 1 || quality > 100)) {
      throw invalid("quality must be between 1 and 100 for jpeg.");
    }
    if (format == ImageFormat.PNG && raw.containsKey("quality")) {
      throw invalid("quality applies to jpeg only.");
    }
    return new EnhanceOptions(effect, scale, format, quality, retain(raw.get("retain")));
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
