package io.zeroprint.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.abuse.InFlight;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.security.Caller;

/**
 * The caller's data rights. {@code GET /v1/me/data}: everything the server holds about the caller.
 * {@code DELETE /v1/me}: cancel and erase it. zeroprint keeps no results and no history, so what
 * it holds is the caller's requests in progress and the abuse counters (a count per UTC day and a
 * token bucket, keyed by subject). The counters are kept on erasure — they are a number that expires
 * at midnight UTC and erasing them would let anyone reset their quota — and are reported as such.
 */
final class MeHandler {
  private final Guards guards;

  MeHandler(Guards guards) {
    this.guards = guards;
  }

  void data(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    JsonArray jobs = new JsonArray();
    for (InFlight.Entry e : guards.limits().inFlight().of(caller.subject())) {
      jobs.add(new JsonObject().put("id", e.jobId()).put("state", e.state()).put("started", e.started().toString()));
    }
    JsonObject body = new JsonObject()
        .put("subject", caller.subject())
        .put("jobs", jobs)
        .put("retainedResults", new JsonArray())
        .put("abuseCounters", new JsonObject()
            .put("quotaUsedToday", guards.limits().quotaUsed(caller))
            .put("quotaPerDay", guards.limits().quotaOf(caller))
            .put("quotaResetSeconds", guards.limits().quotaResetSeconds())
            .put("requestsLeftThisMinute", guards.limits().subjectRemaining(caller))
            .put("keptOnErasure", true));
    rc.json(body);
  }

  void erase(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    int cancelled = guards.limits().inFlight().cancelAll(caller.subject());
    guards.audit().record(AuditLog.Event.ERASURE, caller.subject(), AccessHandlers.routeOf(rc), "erased");
    rc.json(new JsonObject().put("erased", new JsonObject().put("jobsCancelled", cancelled).put("retainedResults", 0)));
  }
}
