package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * HTTPS through OpenSSL (netty-tcnative BoringSSL): TLS 1.2 and 1.3, AEAD suites only, ALPN h2.
 *
 * @param cert            PEM certificate chain file; empty = no TLS
 * @param key             PEM private key file
 * @param allowPlainHttp  serve plain HTTP on a non-loopback interface (only behind a TLS-terminating proxy)
 * @param reloadSeconds   how often the cert/key files are checked for changes (0 = never); a changed pair
 *                        is loaded without a restart
 */
public record TlsConfig(String cert, String key, boolean allowPlainHttp, int reloadSeconds) {
  public static final int DEFAULT_RELOAD_SECONDS = 60;

  public TlsConfig {
    Check.that(cert.isEmpty() == key.isEmpty(), cert.isEmpty() ? "tls.cert" : "tls.key",
        "tls.cert and tls.key go together");
    Check.range("tls.reloadSeconds", reloadSeconds, 0, 86_400);
  }

  public boolean enabled() {
    return !cert.isEmpty();
  }

  static JsonObject defaults() {
    return new JsonObject().put("cert", "").put("key", "").put("allowPlainHttp", false)
        .put("reloadSeconds", DEFAULT_RELOAD_SECONDS);
  }

  static TlsConfig from(JsonObject j) {
    return new TlsConfig(j.getString("cert"), j.getString("key"), j.getBoolean("allowPlainHttp"),
        j.getInteger("reloadSeconds"));
  }
}
