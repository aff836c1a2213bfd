package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * Where SavedModels are read from (read-only; nothing is ever written there by the server).
 *
 * @param dir folder holding {@code <name>/<version>/saved_model.pb} + {@code manifest.json}
 */
public record ModelsConfig(String dir) {
  public static final String DEFAULT_DIR = "models";

  public ModelsConfig {
    Check.notBlank("models.dir", dir);
  }

  static JsonObject defaults() {
    return new JsonObject().put("dir", DEFAULT_DIR);
  }

  static ModelsConfig from(JsonObject j) {
    return new ModelsConfig(j.getString("dir"));
  }
}
