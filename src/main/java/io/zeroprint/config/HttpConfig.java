package io.zeroprint.config;

import io.vertx.core.json.JsonObject;
import io.zeroprint.net.Cidr;
import java.util.List;

/**
 * The HTTP listener.
 *
 * @param host               interface to bind; loopback by default so nothing is exposed by accident
 * @param port               TCP port; 0 picks a free one (the log says which)
 * @param instances          event-loop verticle instances serving HTTP
 * @param idleTimeoutSeconds a connection silent this long is closed (also bounds stalled uploads)
 * @param maxHeaderBytes     total request header size
 * @param ingestBenchmarkRoute mounts {@code POST /v1/bench/ingest} (upload only, no inference) for
 *                           the ingest benchmark; off in production
 * @param trustedProxies     comma-separated CIDRs of the proxies in front (an ingress): only when the
 *                           connection comes from one is the client address for per-address limits
 *                           read from {@code Forwarded} / {@code X-Forwarded-For}; empty = believe nobody
 */
public record HttpConfig(String host, int port, int instances, int idleTimeoutSeconds, int maxHeaderBytes,
    boolean ingestBenchmarkRoute, String trustedProxies) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_INSTANCES = Math.max(1, Runtime.getRuntime().availableProcessors());
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

  public HttpConfig {
    Check.notBlank("http.host", host);
    Check.range("http.port", port, 0, 65_535);
    Check.range("http.instances", instances, 1, 64);
    Check.range("http.idleTimeoutSeconds", idleTimeoutSeconds, 1, 3_600);
    Check.range("http.maxHeaderBytes", maxHeaderBytes, 1_024, 1 << 20);
    try {
      Cidr.parseList(trustedProxies);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("http.trustedProxies", e.getMessage());
    }
  }

  public List<Cidr> proxies() {
    return Cidr.parseList(trustedProxies);
  }

  static JsonObject defaults() {
    return new JsonObject().put("host", DEFAULT_HOST).put("port", DEFAULT_PORT).put("instances", 0)
        .put("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS).put("maxHeaderBytes", DEFAULT_MAX_HEADER_BYTES)
        .put("ingestBenchmarkRoute", false).put("trustedProxies", "");
  }

  static HttpConfig from(JsonObject j) {
    int instances = j.getInteger("instances");
    return new HttpConfig(j.getString("host"), j.getInteger("port"), instances == 0 ? DEFAULT_INSTANCES : instances,
        j.getInteger("idleTimeoutSeconds"), j.getInteger("maxHeaderBytes"), j.getBoolean("ingestBenchmarkRoute"),
        j.getString("trustedProxies"));
  }
}
