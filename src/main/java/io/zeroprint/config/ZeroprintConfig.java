package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/** All settings, one record per component. Built only by {@link ConfigLoader}. */
public record ZeroprintConfig(HttpConfig http, BufferConfig buffers, LimitsConfig limits, WorkerConfig worker,
    OutputConfig output, ModelsConfig models) {

  public ZeroprintConfig {
    Check.that(limits.maxUploadBytes() <= buffers.budgetBytes(), "limits.maxUploadBytes",
        "must not exceed buffers.budgetBytes (" + buffers.budgetBytes() + ")");
  }

  /** The built-in defaults, in the shape of {@code conf/zeroprint.json}. */
  public static JsonObject defaults() {
    return new JsonObject().put("http", HttpConfig.defaults()).put("buffers", BufferConfig.defaults())
        .put("limits", LimitsConfig.defaults()).put("worker", WorkerConfig.defaults())
        .put("output", OutputConfig.defaults()).put("models", ModelsConfig.defaults());
  }

  static ZeroprintConfig from(JsonObject j) {
    return new ZeroprintConfig(HttpConfig.from(j.getJsonObject("http")), BufferConfig.from(j.getJsonObject("buffers")),
        LimitsConfig.from(j.getJsonObject("limits")), WorkerConfig.from(j.getJsonObject("worker")),
        OutputConfig.from(j.getJsonObject("output")), ModelsConfig.from(j.getJsonObject("models")));
  }
}
