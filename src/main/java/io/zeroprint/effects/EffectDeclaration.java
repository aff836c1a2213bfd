package io.zeroprint.effects;

import io.zeroprint.pipeline.Output;
import java.util.List;
import java.util.Map;

/**
 * What an effect says of itself. Everything else reads it: the effects list, the option
 * parser (one for query, JSON part and WebSocket message), the model checks and the pipeline.
 */
public interface EffectDeclaration {
  /** The {@code effect} value. */
  String name();

  /** One line for the effects list. */
  String description();

  Output output();

  /** The options it takes besides the ones every effect takes ({@code format}/{@code quality} for images, {@code retain}). */
  List<Option> options();

  /** The models it needs for these option values (all must be installed for it to run). */
  List<String> models(Map<String, Object> settings);

  /** The stages it runs between decoding and encoding, for these option values. */
  List<String> stages(Map<String, Object> settings);

  /** Output size ÷ input size for these option values. */
  default int scale(Map<String, Object> settings) {
    return 1;
  }

  /**
   * Rules that tie options together, checked after each was parsed.
   *
   * @param given the option names the client sent
   */
  default void check(Map<String, Object> settings, java.util.Set<String> given) {
  }
}
