package io.zeroprint.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for {@code privacy.corsAllowedOrigins}. A request from this server's own origin (the web app
 * served here: browsers send {@code Origin} on its POSTs) is not cross-origin and passes untouched; an
 * allowed origin gets Vert.x's CORS answer; any other origin a plain {@code 403 origin_not_allowed}
 * (Vert.x's handler would fail the request with an exception, which is no client error).
 */
final class Cors {
  private static final int MAX_AGE_SECONDS = 600;
  static final Set<String> ALLOWED_HEADERS = union(Set.of("Authorization", "Content-Type", "Idempotency-Key", "Prefer",
      JobsHandler.RESULT_KEY_HEADER), TusHeaders.REQUEST_HEADERS);
  static final Set<String> EXPOSED_HEADERS = union(Set.of("Location", "Retry-After", "Link", AccessHandlers.RATE_LIMIT_LIMIT,
      AccessHandlers.RATE_LIMIT_REMAINING, AccessHandlers.RATE_LIMIT_RESET, RequestLog.HEADER, "Zeroprint-Width",
      "Zeroprint-Height", JobsHandler.RESULT_KEY_HEADER, "Idempotent-Replayed", "Preference-Applied",
      ResumableUploadsHandler.JOB_HEADER), TusHeaders.RESPONSE_HEADERS);

  private final List<String> allowed;
  private final CorsHandler handler;

  Cors(List<String> allowed) {
    this.allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    this.handler = CorsHandler.create().addOrigins(allowed)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.DELETE))
        .allowedHeaders(ALLOWED_HEADERS)
        .exposedHeaders(EXPOSED_HEADERS)
        .maxAgeSeconds(MAX_AGE_SECONDS);
  }

  void handle(RoutingContext rc) {
    String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null || allowed.contains(origin.toLowerCase(Locale.ROOT))) {
      handler.handle(rc);
    } else if (sameOrigin(rc.request(), origin)) {
      rc.next();
    } else {
      throw new ProblemException(ErrorCode.ORIGIN_NOT_ALLOWED, "This origin may not call the API from a browser.");
    }
  }

  /**
   * Whether {@code Origin} names the host the request was sent to. The scheme is not compared: behind
   * a proxy that ends TLS the page is https while the request reaching here is plain HTTP.
   */
  private static boolean sameOrigin(HttpServerRequest req, String origin) {
    String host = req.getHeader(HttpHeaders.HOST);
    String lower = origin.toLowerCase(Locale.ROOT);
    return host != null && (lower.equals("http://" + host.toLowerCase(Locale.ROOT))
        || lower.equals("https://" + host.toLowerCase(Locale.ROOT)));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
