package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * The management listener: health and metrics for probes and Prometheus, with no token, on an
 * address of its own that the public never reaches.
 *
 * @param host interface to bind; loopback by default (in a cluster, the pod IP)
 * @param port TCP port; {@code -1} turns the listener off, {@code 0} picks a free one; never the
 *             public {@code http.port}
 */
public record ManagementConfig(String host, int port) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8081;
  public static final int OFF = -1;

  public ManagementConfig {
    Check.notBlank("management.host", host);
    Check.range("management.port", port, OFF, 65_535);
  }

  public boolean enabled() {
    return port != OFF;
  }

  static JsonObject defaults() {
    return new JsonObject().put("host", DEFAULT_HOST).put("port", DEFAULT_PORT);
  }

  static ManagementConfig from(JsonObject j) {
    return new ManagementConfig(j.getString("host"), j.getInteger("port"));
  }
}
