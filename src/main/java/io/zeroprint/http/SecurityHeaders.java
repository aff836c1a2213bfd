package io.zeroprint.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every response: no sniffing, no referrer, no framing, a CSP that allows nothing (the
 * API serves no active content), no caching, and HSTS on TLS connections.
 */
final class SecurityHeaders {
  private static final String HSTS = "max-age=31536000; includeSubDomains";
  private static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private SecurityHeaders() {}

  static void apply(RoutingContext rc) {
    set(rc.response(), rc.request().isSSL());
    rc.next();
  }

  /** The same headers on a response the router never saw (a request rejected before routing). */
  static void set(HttpServerResponse resp, boolean ssl) {
    MultiMap h = resp.headers();
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
    h.set("Content-Security-Policy", CSP);
    h.set("Cross-Origin-Resource-Policy", "same-origin");
    h.set("Cache-Control", "no-store");
    if (ssl) {
      h.set("Strict-Transport-Security", HSTS);
    }
  }
}
