package io.zeroprint.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The one way settings are read: built-in defaults, then a JSON file, then environment variables
 * {@code ZEROPRINT_<SECTION>_<NAME>} (e.g. {@code http.port} → {@code ZEROPRINT_HTTP_PORT},
 * {@code limits.maxUploadBytes} → {@code ZEROPRINT_LIMITS_MAX_UPLOAD_BYTES}). Unknown keys in the
 * file are errors, so a typo never silently keeps a default.
 */
public final class ConfigLoader {
  /** Env variable naming the config file; without it {@code conf/zeroprint.json} is used if present. */
  public static final String CONFIG_FILE_ENV = "ZEROPRINT_CONFIG";
  public static final String DEFAULT_CONFIG_FILE = "conf/zeroprint.json";
  private static final String ENV_PREFIX = "ZEROPRINT_";

  private ConfigLoader() {}

  /** Loads from the process environment. */
  public static ZeroprintConfig load() {
    return load(System.getenv());
  }

  public static ZeroprintConfig load(Map<String, String> env) {
    JsonObject merged = ZeroprintConfig.defaults();
    String file = env.get(CONFIG_FILE_ENV);
    Path path = Path.of(file != null ? file : DEFAULT_CONFIG_FILE);
    if (file != null || Files.isRegularFile(path)) {
      overlay(merged, readFile(path), "");
    }
    applyEnv(merged, env);
    return ZeroprintConfig.from(merged);
  }

  /** Loads from an explicit JSON (tests): defaults overlaid with {@code overrides}. */
  public static ZeroprintConfig fromJson(JsonObject overrides) {
    JsonObject merged = ZeroprintConfig.defaults();
    overlay(merged, overrides, "");
    return ZeroprintConfig.from(merged);
  }

  /** {@code limits.maxUploadBytes} → {@code ZEROPRINT_LIMITS_MAX_UPLOAD_BYTES}. */
  public static String envName(String setting) {
    return ENV_PREFIX + setting.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static JsonObject readFile(Path path) {
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException | DecodeException e) {
      throw new ConfigException(CONFIG_FILE_ENV, "cannot read " + path + ": " + e.getMessage());
    }
  }

  private static void overlay(JsonObject target, JsonObject source, String prefix) {
    for (String key : source.fieldNames()) {
      String setting = prefix + key;
      Object existing = target.getValue(key);
      Object value = source.getValue(key);
      if (existing == null) {
        throw new ConfigException(setting, "unknown setting");
      }
      if (existing instanceof JsonObject sub) {
        if (!(value instanceof JsonObject v)) {
          throw new ConfigException(setting, "must be an object");
        }
        overlay(sub, v, setting + ".");
      } else {
        target.put(key, coerce(setting, existing, String.valueOf(value)));
      }
    }
  }

  private static void applyEnv(JsonObject merged, Map<String, String> env) {
    for (String section : merged.fieldNames()) {
      JsonObject sub = merged.getJsonObject(section);
      for (String key : sub.fieldNames()) {
        String value = env.get(envName(section + "." + key));
        if (value != null) {
          sub.put(key, coerce(section + "." + key, sub.getValue(key), value.trim()));
        }
      }
    }
  }

  private static Object coerce(String setting, Object typeOf, String raw) {
    try {
      if (typeOf instanceof Integer) {
        return Integer.parseInt(raw);
      }
      if (typeOf instanceof Long) {
        return Long.parseLong(raw);
      }
      if (typeOf instanceof Boolean) {
        if (!raw.equals("true") && !raw.equals("false")) {
          throw new NumberFormatException();
        }
        return Boolean.parseBoolean(raw);
      }
      return raw;
    } catch (NumberFormatException e) {
      throw new ConfigException(setting, "must be a " + typeOf.getClass().getSimpleName().toLowerCase(Locale.ROOT)
          + ", got '" + raw + "'");
    }
  }
}
