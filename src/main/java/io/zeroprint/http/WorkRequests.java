package io.zeroprint.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.abuse.AbuseLimits;
import io.zeroprint.intake.WorkRequest;
import io.zeroprint.security.Caller;

/** An HTTP request as the intake sees it, and the rate window it used as response headers. */
final class WorkRequests {
  private WorkRequests() {}

  static WorkRequest of(RoutingContext rc, WorkRequest.Delivery delivery, String idempotencyKey) {
    Caller caller = rc.get(Caller.KEY);
    return new WorkRequest(caller, delivery, AccessHandlers.routeOf(rc), RawOptions.ofQuery(rc.request()),
        idempotencyKey, PrivacySignals.optedOut(rc.request()));
  }

  static void rateHeaders(HttpServerResponse resp, AbuseLimits.Window w) {
    resp.putHeader(AccessHandlers.RATE_LIMIT_LIMIT, Long.toString(w.limit()))
        .putHeader(AccessHandlers.RATE_LIMIT_REMAINING, Long.toString(w.remaining()))
        .putHeader(AccessHandlers.RATE_LIMIT_RESET, Long.toString(w.resetSeconds()));
  }
}
