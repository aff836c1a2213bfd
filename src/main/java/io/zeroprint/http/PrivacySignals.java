package io.zeroprint.http;

import io.vertx.core.http.HttpServerRequest;

/** What a client says about tracking: Do-Not-Track or Global Privacy Control opts it out of usage analytics. */
final class PrivacySignals {
  private static final String OPT_OUT = "1";

  private PrivacySignals() {}

  static boolean optedOut(HttpServerRequest req) {
    return OPT_OUT.equals(req.getHeader("DNT")) || OPT_OUT.equals(req.getHeader("Sec-GPC"));
  }
}
