package io.zeroprint.effects;

import java.util.List;

/**
 * One effect offered on {@code POST /v1/enhance?effect=…}: what it does, what it answers with, the
 * models it needs (all must be installed for it to be available) and the options it takes.
 *
 * @param name        the {@code effect} value
 * @param description one line for {@code GET /v1/effects}
 * @param output      {@code image} (png/jpeg as asked), {@code png} (always PNG) or {@code json}
 * @param models      model names it needs, as under {@code models/}
 * @param options     the options it takes besides {@code effect}
 */
public record Effect(String name, String description, String output, List<String> models, List<Option> options) {

  /** An option an effect takes: name, allowed values or range, default, meaning. */
  public record Option(String name, String values, String defaultValue, String description) {}
}
