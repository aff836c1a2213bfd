package io.zeroprint.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.zeroprint.config.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * TLS through OpenSSL (netty-tcnative BoringSSL, never the JDK engine): TLS 1.2 and 1.3 only,
 * AEAD suites only (no CBC: LUCKY13), forward secrecy only, ALPN h2 then http/1.1. The TLS 1.3
 * suites are listed too: with the OpenSSL engine, listing only TLS 1.2 suites disables TLS 1.3.
 */
public final class Tls {
  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
  static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  private static final System.Logger LOG = System.getLogger(Tls.class.getName());

  private Tls() {}

  static void configure(HttpServerOptions options, TlsConfig tls) {
    if (!tls.enabled()) {
      return;
    }
    options.setSsl(true).setSslEngineOptions(new OpenSSLEngineOptions()).setUseAlpn(true)
        .setKeyCertOptions(keyCert(tls)).setEnabledSecureTransportProtocols(PROTOCOLS);
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
  }

  /** Re-reads the PEM pair when either file changes, without dropping connections. */
  /**
   * Reloads the certificate when its files change. Once per server (all HTTP verticle instances share
   * its listener); the files' {@code stat} runs off the event loop.
   */
  public static void watch(Vertx vertx, HttpServer server, TlsConfig tls) {
    if (!tls.enabled() || tls.reloadSeconds() == 0) {
      return;
    }
    long[] lastModified = {modified(tls)};
    vertx.setPeriodic(tls.reloadSeconds() * 1000L, id -> vertx.executeBlocking(() -> modified(tls), false).onSuccess(now -> {
      if (now != lastModified[0]) {
        lastModified[0] = now;
        ServerSSLOptions ssl = new ServerSSLOptions().setKeyCertOptions(keyCert(tls))
            .setEnabledSecureTransportProtocols(PROTOCOLS).setUseAlpn(true);
        CIPHER_SUITES.forEach(ssl::addEnabledCipherSuite);
        server.updateSSLOptions(ssl, true)
            .onSuccess(v -> LOG.log(System.Logger.Level.INFO, "TLS certificate reloaded"))
            .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "TLS certificate reload failed: " + e.getMessage()));
      }
    }));
  }

  private static PemKeyCertOptions keyCert(TlsConfig tls) {
    return new PemKeyCertOptions().setCertPath(tls.cert()).setKeyPath(tls.key());
  }

  private static long modified(TlsConfig tls) {
    try {
      return Files.getLastModifiedTime(Path.of(tls.cert())).toMillis() + Files.getLastModifiedTime(Path.of(tls.key())).toMillis();
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
