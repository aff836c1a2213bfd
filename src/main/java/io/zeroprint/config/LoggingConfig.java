package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * What the server's log lines look like, on standard error.
 *
 * @param format    {@code json} (one JSON object per line, for a log pipeline) or {@code text} (for a person)
 * @param accessLog one line per HTTP request when it ends (method, route template, status, bytes,
 *                  duration, request id); off by default
 */
public record LoggingConfig(String format, boolean accessLog) {
  public static final String DEFAULT_FORMAT = "json";

  public LoggingConfig {
    Check.that(format.equals("json") || format.equals("text"), "logging.format", "must be json or text, got " + format);
  }

  static JsonObject defaults() {
    return new JsonObject().put("format", DEFAULT_FORMAT).put("accessLog", false);
  }

  static LoggingConfig from(JsonObject j) {
    return new LoggingConfig(j.getString("format"), j.getBoolean("accessLog"));
  }
}
