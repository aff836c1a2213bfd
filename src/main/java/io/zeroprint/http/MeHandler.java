package io.zeroprint.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.abuse.InFlight;
import io.zeroprint.jobs.Job;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.security.Caller;

/**
 * The caller's data rights. {@code GET /v1/me/data}: everything the server holds about the caller —
 * requests and jobs in progress or awaiting collection, retained (encrypted) results, and the abuse
 * counters (a count per UTC day and a token bucket, keyed by subject). {@code DELETE /v1/me}: cancel
 * every request and job (zeroing what they hold) and destroy every retained result. The counters
 * are kept on erasure — a number that expires at midnight UTC, which erasing would turn into a quota
 * reset for anyone — and are reported as such.
 */
final class MeHandler {
  private final Guards guards;
  private final Jobs jobs;

  MeHandler(Guards guards, Jobs jobs) {
    this.guards = guards;
    this.jobs = jobs;
  }

  void data(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    JsonArray list = new JsonArray();
    for (InFlight.Entry e : guards.limits().inFlight().of(caller.subject())) {
      list.add(new JsonObject().put("id", e.jobId()).put("kind", "request").put("state", e.state())
          .put("started", e.started().toString()));
    }
    for (Job job : jobs.registry().of(caller.subject())) {
      JsonObject s = job.snapshot();
      list.add(new JsonObject().put("id", job.id()).put("kind", "job").put("state", s.getString("state"))
          .put("started", job.created().toString()).put("expires_at", s.getString("expires_at")));
    }
    jobs.results().list(guards.pseudonyms().of(caller.subject()))
        .onSuccess(retained -> rc.json(body(caller, list, retained)))
        .onFailure(rc::fail);
  }

  private JsonObject body(Caller caller, JsonArray list, java.util.List<JsonObject> retained) {
    return new JsonObject()
        .put("subject", caller.subject())
        .put("jobs", list)
        .put("retainedResults", new JsonArray(new java.util.ArrayList<>(retained)))
        .put("abuseCounters", new JsonObject()
            .put("quotaUsedToday", guards.limits().quotaUsed(caller))
            .put("quotaPerDay", guards.limits().quotaOf(caller))
            .put("quotaResetSeconds", guards.limits().quotaResetSeconds())
            .put("requestsLeftThisMinute", guards.limits().subjectRemaining(caller))
            .put("keptOnErasure", true));
  }

  void erase(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    int cancelled = guards.limits().inFlight().cancelAll(caller.subject()) + jobs.registry().cancelAll(caller.subject());
    jobs.results().deleteAll(guards.pseudonyms().of(caller.subject())).onComplete(ar -> {
      guards.audit().record(AuditLog.Event.ERASURE, caller.subject(), AccessHandlers.routeOf(rc), "erased");
      if (ar.failed()) {
        rc.fail(ar.cause());
        return;
      }
      rc.json(new JsonObject().put("erased", new JsonObject().put("jobsCancelled", cancelled)
          .put("retainedResults", ar.result())));
    });
  }
}
