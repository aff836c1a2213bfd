package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * What happens on SIGTERM.
 *
 * @param graceSeconds how long requests and jobs already admitted may take to finish once a drain
 *                     begins (new work is refused at once); what is still running then is cancelled
 *                     and zeroed. 0 cancels at once.
 */
public record ShutdownConfig(int graceSeconds) {
  public static final int DEFAULT_GRACE_SECONDS = 30;

  public ShutdownConfig {
    Check.range("shutdown.graceSeconds", graceSeconds, 0, 3_600);
  }

  static JsonObject defaults() {
    return new JsonObject().put("graceSeconds", DEFAULT_GRACE_SECONDS);
  }

  static ShutdownConfig from(JsonObject j) {
    return new ShutdownConfig(j.getInteger("graceSeconds"));
  }
}
