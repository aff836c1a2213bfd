package io.zeroprint.effects;

import io.zeroprint.config.OutputConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageFormat;
import io.zeroprint.pipeline.EnhanceOptions;
import io.zeroprint.pipeline.Output;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one option parser: raw name → value pairs (query strings, or JSON strings and numbers) become
 * an {@link EnhanceOptions}, checked against the chosen effect's declaration. Unknown names, and
 * options the effect does not take, are errors, so a typo is reported instead of silently ignored.
 */
public final class EffectOptions {
  public static final String EFFECT = "effect";
  public static final String RETAIN = "retain";
  public static final String FORMAT = "format";
  public static final String QUALITY = "quality";
  private static final int MAX_QUALITY = 100;
  private static final int MAX_PNG_EFFORT = 9;

  /** What image effects take besides their own options; listed with them in the effects list. */
  public static final List<Option> IMAGE_OPTIONS = List.of(
      new Option(FORMAT, new OptionType.Choice(List.of("png", "jpeg"), "png"), "output.defaultFormat",
          "encoding of the result"),
      new Option(QUALITY, new OptionType.IntRange(1, MAX_QUALITY, OutputConfig.DEFAULT_JPEG_QUALITY),
          "output.jpegQuality", "JPEG quality (jpeg only)"));

  private final OutputConfig defaults;

  public EffectOptions(OutputConfig defaults) {
    this.defaults = defaults;
  }

  /** The options an effect takes, in the order the effects list shows them. */
  public static List<String> accepted(EffectDeclaration effect) {
    List<String> names = new ArrayList<>();
    effect.options().forEach(o -> names.add(o.name()));
    if (effect.output() == Output.IMAGE) {
      names.addAll(List.of(FORMAT, QUALITY));
    }
    names.add(RETAIN);
    return names;
  }

  /** Parses and validates {@code raw} (String or Number values). */
  public EnhanceOptions parse(Map<String, Object> raw) {
    String name = text(raw.getOrDefault(EFFECT, EffectCatalogue.DEFAULT_EFFECT), EFFECT);
    EffectDeclaration effect = EffectCatalogue.byName(name).orElseThrow(() -> new ProblemException(
        ErrorCode.UNKNOWN_EFFECT, "Effects offered: " + String.join(", ", EffectCatalogue.names()) + "."));
    List<String> accepted = accepted(effect);
    for (String option : raw.keySet()) {
      if (!option.equals(EFFECT) && !accepted.contains(option)) {
        throw OptionType.invalid("Option '" + safe(option) + "' does not apply to effect " + name
            + "; it takes: " + String.join(", ", accepted) + ".");
      }
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Option o : effect.options()) {
      Object v = raw.get(o.name());
      settings.put(o.name(), v == null ? o.type().defaultValue() : o.type().parse(o.name(), v));
    }
    effect.check(settings, raw.keySet());
    ImageFormat format = format(effect, raw.get(FORMAT));
    return new EnhanceOptions(name, effect.stages(settings), effect.models(settings), effect.output(), format,
        quality(format, raw.get(QUALITY)), effect.scale(settings), settings, retain(raw.get(RETAIN)));
  }

  private ImageFormat format(EffectDeclaration effect, Object raw) {
    if (effect.output() != Output.IMAGE) {
      return ImageFormat.PNG;
    }
    String id = raw == null ? defaults.defaultFormat() : text(raw, FORMAT);
    return ImageFormat.byId(id).orElseThrow(() -> OptionType.invalid("format must be png or jpeg."));
  }

  private int quality(ImageFormat format, Object raw) {
    if (format == ImageFormat.PNG) {
      if (raw != null) {
        throw OptionType.invalid("quality applies to jpeg only.");
      }
      return Math.min(defaults.pngCompression(), MAX_PNG_EFFORT);
    }
    return raw == null ? defaults.jpegQuality()
        : (Integer) new OptionType.IntRange(1, MAX_QUALITY, defaults.jpegQuality()).parse(QUALITY, raw);
  }

  /** {@code retain=PT24H}: keep the (encrypted) result this long; null = not kept. */
  private static Duration retain(Object raw) {
    if (raw == null) {
      return null;
    }
    try {
      Duration d = Duration.parse(text(raw, RETAIN).trim());
      if (d.isNegative() || d.isZero()) {
        throw OptionType.invalid("retain must be a positive ISO-8601 duration such as PT24H.");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw OptionType.invalid("retain must be an ISO-8601 duration such as PT24H or P10D.");
    }
  }

  private static String text(Object raw, String option) {
    if (raw instanceof String s) {
      return s;
    }
    throw OptionType.invalid(option + " must be a string.");
  }

  /** Option names are echoed only when short and plain, so an error never reflects arbitrary input. */
  static String safe(String name) {
    return name.matches("[A-Za-z0-9_.-]{1,32}") ? name : "?";
  }
}
