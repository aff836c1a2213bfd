package io.zeroprint.effects;

/**
 * An option an effect declares: its name, type (values and default) and meaning.
 *
 * @param defaultText how the default reads in the effects list (the typed default, or the setting it comes from)
 */
public record Option(String name, OptionType type, String defaultText, String description) {
  public Option(String name, OptionType type, String description) {
    this(name, type, String.valueOf(type.defaultValue()).replaceAll("[\\[\\] ]", ""), description);
  }
}
