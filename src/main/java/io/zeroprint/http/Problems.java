package io.zeroprint.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.logging.LogFields;
import io.zeroprint.logging.Logs;
import io.zeroprint.security.Caller;

/**
 * The one failure handler: turns any failure into an RFC 9457 {@code application/problem+json}
 * body from the {@link ErrorCode} catalogue. Unknown failures become {@code internal} and are
 * logged by class only (messages may carry request data).
 */
final class Problems {
  static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_PREFIX = "urn:zeroprint:problem:";
  private static final System.Logger LOG = System.getLogger(Problems.class.getName());
  /**
   * The most of an unauthenticated client's unread body read (and zeroed) after an early answer, and
   * for how long at most any body given up on is read, before the connection is closed: nobody makes
   * the server read without limit, yet the client has a moment to read the answer.
   */
  static final long DRAIN_LIMIT = 64 * 1024;
  private static final long LINGER_MILLIS = 1_000;

  private final Vertx vertx;
  private final int retryAfterSeconds;
  private final long maxUploadBytes;

  Problems(Vertx vertx, int retryAfterSeconds, long maxUploadBytes) {
    this.vertx = vertx;
    this.retryAfterSeconds = retryAfterSeconds;
    this.maxUploadBytes = maxUploadBytes;
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
    send(rc.request(), p, rc.get(Caller.KEY) != null);
  }

  /**
   * A request the router never takes: no {@code Host} on HTTP/1.x (HTTP/1.1 requires it, and routing
   * cannot work without it), or one Netty could not decode (request line or headers too long, bad
   * syntax). Answered as a problem with the security headers, and the connection closed.
   */
  void rejectUnrouted(HttpServerRequest req) {
    DecoderResult decoded = req.decoderResult();
    Throwable cause = decoded == null ? null : decoded.cause();
    ProblemException p;
    if (cause instanceof TooLongHttpHeaderException) {
      p = new ProblemException(ErrorCode.HEADERS_TOO_LARGE);
    } else if (cause instanceof TooLongHttpLineException) {
      p = new ProblemException(ErrorCode.URI_TOO_LONG);
    } else if (cause != null) {
      p = new ProblemException(ErrorCode.MALFORMED_REQUEST, "The request is not valid HTTP.");
    } else if (!framedPlainly(req)) {
      p = new ProblemException(ErrorCode.MALFORMED_REQUEST, "Transfer-Encoding may only be chunked.");
    } else {
      p = new ProblemException(ErrorCode.MALFORMED_REQUEST, "HTTP/1.x requests need exactly one Host header.");
    }
    SecurityHeaders.set(req.response(), req.isSSL());
    req.response().putHeader(HttpHeaders.CONNECTION, "close");
    send(req, p, false);
  }

  /** Whether the router can take {@code req}: decoded, and with a host on HTTP/1.x. */
  static boolean routable(HttpServerRequest req) {
    return (req.decoderResult() == null || req.decoderResult().isSuccess())
        && (req.version() == HttpVersion.HTTP_2 || req.authority() != null && req.headers().getAll("Host").size() == 1)
        && framedPlainly(req);
  }

  /**
   * Only {@code chunked} (or no transfer coding): a coding the server does not apply (gzip, a typo
   * such as {@code xchunked}) would leave the body's end to guesswork, which is how requests are
   * smuggled.
   */
  private static boolean framedPlainly(HttpServerRequest req) {
    String coding = req.getHeader(HttpHeaders.TRANSFER_ENCODING);
    return coding == null || coding.trim().equalsIgnoreCase("chunked");
  }

  private void send(HttpServerRequest req, ProblemException p, boolean authenticated) {
    HttpServerResponse resp = req.response();
    if (resp.ended() || resp.closed()) {
      return;
    }
    ErrorCode code = p.code();
    JsonObject body = new JsonObject().put("type", TYPE_PREFIX + code.code()).put("title", code.message())
        .put("status", ProblemStatus.of(code)).put("detail", p.detail()).put("code", code.code());
    p.members().forEach(body::put);
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
    boolean unread = !req.isEnded();
    boolean http1 = req.version() != HttpVersion.HTTP_2;
    boolean abandon = ProblemStatus.abandonsBody(code) || !authenticated;
    boolean close = http1 && (resp.headers().contains(HttpHeaders.CONNECTION, "close", true) || unread && abandon);
    if (close) {
      resp.putHeader(HttpHeaders.CONNECTION, "close");
    }
    if (unread) {
      // Reading on (and zeroing) is what lets the client read this answer: closing with its bytes
      // unread would reset the connection under it. An authenticated client within the upload limit
      // keeps its connection; a body given up on (too large, no memory, too slow, or from a client
      // nobody knows) is read only so far and so long, and the connection is then closed.
      long bound = authenticated ? maxUploadBytes : DRAIN_LIMIT;
      long[] drained = {0};
      req.handler(chunk -> {
        drained[0] += chunk.length();
        UploadReceiver.zero(chunk);
        if (drained[0] > bound && http1) {
          req.connection().close();
        }
      }).resume();
    }
    resp.end(body.toBuffer()).onComplete(v -> {
      if (close && unread) {
        vertx.setTimer(LINGER_MILLIS, t -> req.connection().close());
      } else if (close) {
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
    Logs.log(LOG, System.Logger.Level.ERROR, LogFields.request(RequestLog.id(rc)), "unhandled failure: " + t.getClass().getName());
    return new ProblemException(ErrorCode.INTERNAL);
  }
}
