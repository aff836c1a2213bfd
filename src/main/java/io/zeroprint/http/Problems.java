package io.zeroprint.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;

/**
 * The one failure handler: turns any failure into an RFC 9457 {@code application/problem+json}
 * body from the {@link ErrorCode} catalogue. Unknown failures become {@code internal} and are
 * logged by class only (messages may carry request data).
 */
final class Problems {
  static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_PREFIX = "urn:zeroprint:problem:";
  private static final System.Logger LOG = System.getLogger(Problems.class.getName());

  private final int retryAfterSeconds;

  Problems(int retryAfterSeconds) {
    this.retryAfterSeconds = retryAfterSeconds;
  }

  void handle(RoutingContext rc) {
    send(rc, problemOf(rc));
  }

  void notFound(RoutingContext rc) {
    send(rc, new ProblemException(ErrorCode.NOT_FOUND));
  }

  /** @param allowed the methods the path allows ({@link AllowedMethods}), or empty */
  void methodNotAllowed(RoutingContext rc, String allowed) {
    if (!allowed.isEmpty()) {
      rc.response().putHeader(HttpHeaders.ALLOW, allowed);
    }
    send(rc, new ProblemException(ErrorCode.METHOD_NOT_ALLOWED, allowed.isEmpty() ? ErrorCode.METHOD_NOT_ALLOWED.message()
        : "This resource allows " + allowed + "."));
  }

  void send(RoutingContext rc, ProblemException p) {
    HttpServerResponse resp = rc.response();
    if (resp.ended() || resp.closed()) {
      return;
    }
    ErrorCode code = p.code();
    JsonObject body = new JsonObject().put("type", TYPE_PREFIX + code.code()).put("title", code.message())
        .put("status", ProblemStatus.of(code)).put("detail", p.detail()).put("code", code.code());
    resp.setStatusCode(ProblemStatus.of(code)).putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (ProblemStatus.retryable(code)) {
      int retry = p.retryAfterSeconds().orElse(retryAfterSeconds);
      resp.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retry));
      // The headers describe the limit that refused, whichever an earlier guard described.
      p.rateLimit().ifPresent(limit -> resp.putHeader(AccessHandlers.RATE_LIMIT_LIMIT, Long.toString(limit))
          .putHeader(AccessHandlers.RATE_LIMIT_REMAINING, "0")
          .putHeader(AccessHandlers.RATE_LIMIT_RESET, Integer.toString(retry)));
    }
    HttpServerRequest req = rc.request();
    boolean unread = !req.isEnded();
    boolean close = unread && ProblemStatus.abandonsBody(code) && req.version() != HttpVersion.HTTP_2;
    if (close) {
      // Too much (or no memory) to read the rest: close rather than parse it as the next request.
      resp.putHeader(HttpHeaders.CONNECTION, "close");
    } else if (unread && !req.isExpectMultipart()) {
      // Answer early, but keep reading (and zeroing) the rest so the connection stays usable.
      req.handler(UploadReceiver::zero).resume();
    }
    resp.end(body.toBuffer()).onComplete(v -> {
      if (close) {
        req.connection().close();
      }
    });
  }

  private static ProblemException problemOf(RoutingContext rc) {
    Throwable t = rc.failure();
    if (t instanceof ProblemException p) {
      return p;
    }
    if (t == null) {
      return new ProblemException(switch (rc.statusCode()) {
        case 401 -> ErrorCode.UNAUTHORIZED;
        case 403 -> ErrorCode.FORBIDDEN;
        case 404 -> ErrorCode.NOT_FOUND;
        case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
        case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
        case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
        case 400 -> ErrorCode.MALFORMED_REQUEST;
        default -> ErrorCode.INTERNAL;
      });
    }
    LOG.log(System.Logger.Level.ERROR, "unhandled failure: " + t.getClass().getName());
    return new ProblemException(ErrorCode.INTERNAL);
  }
}
