package io.zeroprint.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.abuse.AbuseLimits;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.security.Caller;
import java.util.Locale;

/**
 * The route guards, in the order they run: per-address limit → authentication → scope → the
 * per-subject limit for reads (routes that submit work are limited by the intake instead, the same
 * way on every transport). The request is paused while the token is checked, so no body byte arrives
 * (or is lost) before the caller is known; it is resumed right before the next handler runs, which
 * sets its data handlers in the same event-loop turn, before any buffered byte is delivered.
 */
final class AccessHandlers {
  private static final String BEARER = "bearer ";
  /** The WebSocket subprotocol that announces a token in the next offered "protocol". */
  static final String WS_TOKEN_PROTOCOL = "access_token";
  static final String RATE_LIMIT_LIMIT = "RateLimit-Limit";
  static final String RATE_LIMIT_REMAINING = "RateLimit-Remaining";
  static final String RATE_LIMIT_RESET = "RateLimit-Reset";

  private final Guards guards;
  private final ClientAddress clients;

  AccessHandlers(Guards guards, ClientAddress clients) {
    this.guards = guards;
    this.clients = clients;
  }

  void limitAddress(RoutingContext rc) {
    String address = clients.of(rc.request());
    try {
      rateHeaders(rc, guards.limits().takeAddress(guards.pseudonyms().of(address)));
      rc.next();
    } catch (ProblemException p) {
      guards.audit().refused(AuditLog.Event.RATE_LIMITED, null, routeOf(rc), p.code().code());
      rc.fail(p);
    }
  }

  void authenticate(RoutingContext rc) {
    if (rc.get(Caller.KEY) != null) {
      rc.next(); // named by an event ticket (EventTicketHandler)
      return;
    }
    boolean paused = !rc.request().isEnded();
    if (paused) {
      rc.request().pause();
    }
    String token = bearerToken(rc.request());
    if (token == null) {
      unauthorized(rc, new ProblemException(ErrorCode.UNAUTHORIZED, "Send 'Authorization: Bearer <token>'."));
      return;
    }
    guards.authenticator().authenticate(token)
        .onSuccess(caller -> {
          rc.put(Caller.KEY, caller);
          resume(rc, paused);
          rc.next();
        })
        .onFailure(err -> {
          resume(rc, paused);
          unauthorized(rc, ProblemException.of(err));
        });
  }

  Handler<RoutingContext> requireScope(String scope) {
    return rc -> {
      Caller caller = rc.get(Caller.KEY);
      if (caller.may(scope)) {
        rc.next();
        return;
      }
      guards.audit().refused(AuditLog.Event.FORBIDDEN, caller.subject(), routeOf(rc), scope);
      rc.fail(new ProblemException(ErrorCode.FORBIDDEN, "This route needs the scope '" + scope + "'."));
    };
  }

  void limitReads(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    try {
      rateHeaders(rc, guards.limits().takeRead(caller));
      rc.next();
    } catch (ProblemException p) {
      guards.audit().refused(AuditLog.Event.RATE_LIMITED, caller.subject(), routeOf(rc), p.code().code());
      rc.fail(p);
    }
  }

  private static void resume(RoutingContext rc, boolean paused) {
    if (paused && !rc.request().isEnded()) {
      rc.request().resume();
    }
  }

  private void unauthorized(RoutingContext rc, ProblemException p) {
    guards.audit().refused(AuditLog.Event.AUTH_FAILURE, null, routeOf(rc), p.code().code());
    rc.response().putHeader("WWW-Authenticate", "Bearer");
    rc.fail(p);
  }

  private static void rateHeaders(RoutingContext rc, AbuseLimits.Window w) {
    WorkRequests.rateHeaders(rc.response(), w);
  }

  /** The route template, never the raw URI (which may carry query data). */
  static String routeOf(RoutingContext rc) {
    return rc.currentRoute() != null && rc.currentRoute().getPath() != null ? rc.currentRoute().getPath() : rc.normalizedPath();
  }

  /**
   * From {@code Authorization: Bearer …}, or — for browsers, which cannot set headers on a WebSocket
   * handshake — from {@code Sec-WebSocket-Protocol: access_token, <jwt>}.
   */
  private static String bearerToken(HttpServerRequest req) {
    String auth = req.getHeader(HttpHeaders.AUTHORIZATION);
    if (auth != null && auth.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      String token = auth.substring(BEARER.length()).trim();
      return token.isEmpty() ? null : token;
    }
    String protocols = req.getHeader("Sec-WebSocket-Protocol");
    if (protocols != null) {
      String[] offered = protocols.split(",");
      for (int i = 0; i + 1 < offered.length; i++) {
        if (offered[i].trim().equals(WS_TOKEN_PROTOCOL)) {
          return offered[i + 1].trim();
        }
      }
    }
    return null;
  }
}
