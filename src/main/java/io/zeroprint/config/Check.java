package io.zeroprint.config;

/** The validations config records share; messages name the setting so start-up errors are actionable. */
public final class Check {
  private Check() {}

  public static long range(String setting, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(setting, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public static String notBlank(String setting, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(setting, "must not be empty");
    }
    return value;
  }

  public static void that(boolean condition, String setting, String message) {
    if (!condition) {
      throw new ConfigException(setting, message);
    }
  }
}
