package io.zeroprint.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.security.Authenticator;
import io.zeroprint.security.Caller;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/dev/token}, development mode only: the web app's "Use development token". The
 * server then listens on loopback only, yet a web page elsewhere can still reach it through the
 * browser — with a foreign {@code Origin}, or through a name of its own that it re-points at
 * 127.0.0.1 (DNS rebinding: same-origin to the browser, but the {@code Host} is that name). So the
 * {@code Host} must be a loopback name or address and the {@code Origin}, when sent, a loopback origin.
 */
final class DevTokens {
  static final String PATH = "/v1/dev/token";
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[^\\]]*\\]|[^:\\[\\]]+)(:\\d{1,5})?");
  private static final Pattern ORIGIN = Pattern.compile("https?://(.+)");

  private final Authenticator authenticator;

  DevTokens(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  void issue(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    String host = req.getHeader(HttpHeaders.HOST);
    if (host == null && req.authority() != null) {
      String name = req.authority().host(); // HTTP/2 names the host in :authority
      host = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
    }
    if (!loopbackHost(host)) {
      throw new ProblemException(ErrorCode.ORIGIN_NOT_ALLOWED, "Development tokens are given only to loopback hosts.");
    }
    String origin = req.getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !loopbackOrigin(origin)) {
      throw new ProblemException(ErrorCode.ORIGIN_NOT_ALLOWED, "Development tokens are given only to loopback origins.");
    }
    String token = authenticator.browserToken()
        .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND));
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("access_token", token).put("token_type", "Bearer")
            .put("expires_in", Authenticator.BROWSER_TOKEN_SECONDS).put("scope", Caller.SCOPE_ENHANCE).toBuffer());
  }

  /** {@code 127.0.0.1}, {@code localhost} or {@code [::1]}, with or without a port. */
  static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    Matcher m = HOST_PORT.matcher(host.trim());
    return m.matches() && LOOPBACK.contains(m.group(1).toLowerCase(Locale.ROOT));
  }

  static boolean loopbackOrigin(String origin) {
    Matcher m = ORIGIN.matcher(origin.trim());
    return m.matches() && loopbackHost(m.group(1));
  }
}
