package io.zeroprint.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.config.AuthConfig;
import java.net.URI;
import java.util.List;

/**
 * The web app ("the studio"): its files from the in-memory {@link StaticBundle} with a content-hash
 * ETag, and {@code GET /app-config.json}, which tells the app how to sign in. App pages get a CSP
 * that lets them run their own script and style and talk to this server (and to the OpenID provider,
 * when one is set) but nothing else, and only the camera, for this origin.
 */
final class WebApp {
  static final String CONFIG_PATH = "/app-config.json";
  /** Only the camera (a photo from the device), and only for this origin; every other powerful feature off. */
  private static final String PERMISSIONS = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), "
      + "serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), fullscreen=()";

  private final StaticBundle bundle;
  private final String csp;
  private final JsonObject appConfig;

  WebApp(StaticBundle bundle, AuthConfig auth) {
    this.bundle = bundle;
    this.csp = csp(auth);
    this.appConfig = appConfig(auth);
  }

  /** A GET and HEAD route for each file (so other methods get a 405 with {@code Allow}), and {@code /}. */
  void routes(Router router) {
    router.route(CONFIG_PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::config);
    if (bundle.isEmpty()) {
      return;
    }
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::file);
    for (String path : bundle.paths()) {
      router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::file);
    }
  }

  private void file(RoutingContext rc) {
    InMemoryFile file = bundle.find(rc.normalizedPath()).orElse(null);
    if (file == null) {
      rc.next();
      return;
    }
    appHeaders(rc.response().headers());
    file.send(rc);
  }

  private void config(RoutingContext rc) {
    appHeaders(rc.response().headers());
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(appConfig.toBuffer());
  }

  private void appHeaders(MultiMap h) {
    h.set("Content-Security-Policy", csp);
    h.set("Referrer-Policy", "no-referrer");
    h.set("Permissions-Policy", PERMISSIONS);
  }

  static String csp(AuthConfig auth) {
    String connect = "'self'" + (auth.oidc() ? " " + origin(auth.oidcIssuer()) : "");
    return String.join("; ", List.of("default-src 'self'", "script-src 'self'", "style-src 'self'",
        "img-src 'self' blob:", "connect-src " + connect, "frame-ancestors 'none'", "base-uri 'none'",
        "form-action 'self'"));
  }

  /** {@code https://id.example:8443} of {@code https://id.example:8443/realms/x}. */
  static String origin(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
  }

  /** What the app reads before it signs in: whether a development token can be had, and the provider. */
  private static JsonObject appConfig(AuthConfig auth) {
    JsonObject oidc = auth.oidc()
        ? new JsonObject().put("issuer", auth.oidcIssuer()).put("clientId", auth.oidcClientId())
            .put("scope", auth.oidcScope())
        : null;
    return new JsonObject().put("devToken", auth.developmentMode()).put("oidc", oidc);
  }
}
