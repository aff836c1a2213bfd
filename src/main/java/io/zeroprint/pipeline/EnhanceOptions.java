package io.zeroprint.pipeline;

import io.zeroprint.image.ImageFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated request for one effect, as the worker receives it: which stages run (between decoding
 * and encoding), which models they need, and the typed values of the effect's options. Built only by
 * the effects' option parser from their declarations; carries no transport type.
 *
 * @param effect   the effect's name
 * @param stages   the stages that run after decoding, in order (encoding is added for image outputs)
 * @param models   every model the stages need
 * @param output   what the result is
 * @param format   the encoding of an image result
 * @param quality  JPEG quality or PNG compression effort
 * @param scale    output size ÷ input size (1 when nothing upscales)
 * @param settings the effect's own option values, by option name (defaults filled in)
 * @param retain   how long to keep the encrypted result; null = not kept
 */
public record EnhanceOptions(String effect, List<String> stages, List<String> models, Output output,
    ImageFormat format, int quality, int scale, Map<String, Object> settings, Duration retain) {

  public EnhanceOptions {
    stages = List.copyOf(stages);
    models = List.copyOf(models);
    settings = Map.copyOf(settings);
  }

  /** Whether the result is JSON (landmarks) rather than an image. */
  public boolean jsonResult() {
    return output == Output.JSON;
  }

  /** The media type of the result. */
  public String mediaType() {
    return jsonResult() ? Output.JSON_MEDIA_TYPE : format.mediaType();
  }

  /** An integer option of the effect (declared, so always present). */
  public int integer(String option) {
    return (Integer) settings.get(option);
  }
}
