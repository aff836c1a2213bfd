package io.zeroprint.config;

/** A setting with a bad value; start-up stops with a message that names it (and its env variable). */
public final class ConfigException extends RuntimeException {
  private final String setting;

  public ConfigException(String setting, String problem) {
    super(setting + " (" + ConfigLoader.envName(setting) + "): " + problem);
    this.setting = setting;
  }

  /** The setting's path in {@code zeroprint.json}, e.g. {@code http.port}. */
  public String setting() {
    return setting;
  }
}
