package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/** All settings, one record per component. Built only by {@link ConfigLoader}. */
public record ZeroprintConfig(HttpConfig http, TlsConfig tls, AuthConfig auth, AbuseConfig abuse,
    PrivacyConfig privacy, JobsConfig jobs, BufferConfig buffers, LimitsConfig limits, WorkerConfig worker,
    OutputConfig output, ModelsConfig models, ReceiptsConfig receipts, UploadsConfig uploads,
    WebhooksConfig webhooks,
    ShutdownConfig shutdown, LoggingConfig logging, ManagementConfig management) {

  public ZeroprintConfig {
    Check.that(limits.maxUploadBytes() <= buffers.budgetBytes(), "limits.maxUploadBytes",
        "must not exceed buffers.budgetBytes (" + buffers.budgetBytes() + ")");
    boolean loopback = isLoopback(http.host());
    Check.that(loopback || !auth.developmentMode(), "auth.jwks",
        "required when http.host is not a loopback address (without it only 127.0.0.1/::1 may be bound)");
    Check.that(loopback || tls.enabled() || tls.allowPlainHttp(), "tls.cert",
        "required when http.host is not a loopback address, unless tls.allowPlainHttp is set (TLS-terminating proxy)");
    // Probes and scraping need no token, so the management listener must never be the public one.
    Check.that(management.port() <= 0 || management.port() != http.port(), "management.port",
        "must differ from http.port (" + ConfigLoader.envName("http.port") + "), both are " + http.port());
  }

  /** Loopback binds are the development setting: reachable from this machine only. */
  public static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }

  /** The built-in defaults, in the shape of {@code conf/zeroprint.json}. */
  public static JsonObject defaults() {
    return new JsonObject().put("http", HttpConfig.defaults()).put("tls", TlsConfig.defaults())
        .put("auth", AuthConfig.defaults()).put("abuse", AbuseConfig.defaults()).put("privacy", PrivacyConfig.defaults())
        .put("jobs", JobsConfig.defaults()).put("buffers", BufferConfig.defaults())
        .put("limits", LimitsConfig.defaults()).put("worker", WorkerConfig.defaults())
        .put("output", OutputConfig.defaults()).put("models", ModelsConfig.defaults())
        .put("receipts", ReceiptsConfig.defaults()).put("uploads", UploadsConfig.defaults())
        .put("webhooks", WebhooksConfig.defaults())
        .put("shutdown", ShutdownConfig.defaults()).put("logging", LoggingConfig.defaults())
        .put("management", ManagementConfig.defaults());
  }

  static ZeroprintConfig from(JsonObject j) {
    return new ZeroprintConfig(HttpConfig.from(j.getJsonObject("http")), TlsConfig.from(j.getJsonObject("tls")),
        AuthConfig.from(j.getJsonObject("auth")), AbuseConfig.from(j.getJsonObject("abuse")),
        PrivacyConfig.from(j.getJsonObject("privacy")), JobsConfig.from(j.getJsonObject("jobs")),
        BufferConfig.from(j.getJsonObject("buffers")),
        LimitsConfig.from(j.getJsonObject("limits")), WorkerConfig.from(j.getJsonObject("worker")),
        OutputConfig.from(j.getJsonObject("output")), ModelsConfig.from(j.getJsonObject("models")),
        ReceiptsConfig.from(j.getJsonObject("receipts")), UploadsConfig.from(j.getJsonObject("uploads")),
        WebhooksConfig.from(j.getJsonObject("webhooks")),
        ShutdownConfig.from(j.getJsonObject("shutdown")), LoggingConfig.from(j.getJsonObject("logging")),
        ManagementConfig.from(j.getJsonObject("management")));
  }
}
