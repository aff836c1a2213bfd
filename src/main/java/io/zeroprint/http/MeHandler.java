package io.zeroprint.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.abuse.AbuseLimits;
import io.zeroprint.error.ProblemException;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.ResultStore;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.privacy.Pseudonyms;
import io.zeroprint.security.Caller;
import java.util.ArrayList;
import java.util.List;

/**
 * The caller's data rights. {@code GET /v1/me/data}: everything the server holds about the caller —
 * requests and jobs in progress or awaiting collection, retained (encrypted) results, and the abuse
 * counters (a count per UTC day and a token bucket, keyed by subject). {@code DELETE /v1/me}: cancel
 * every request and job (zeroing what they hold) and destroy every retained result. The counters
 * are kept on erasure — a number that expires at midnight UTC, which erasing would turn into a quota
 * reset for anyone — and are reported as such. When the result store cannot be reached the answer is
 * 503, and the audit log records only what was actually erased.
 */
final class MeHandler {
  private final JobRegistry registry;
  private final ResultStore results;
  private final AbuseLimits limits;
  private final Pseudonyms pseudonyms;
  private final AuditLog audit;

  MeHandler(JobRegistry registry, ResultStore results, AbuseLimits limits, Pseudonyms pseudonyms, AuditLog audit) {
    this.registry = registry;
    this.results = results;
    this.limits = limits;
    this.pseudonyms = pseudonyms;
    this.audit = audit;
  }

  void data(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    JsonArray list = new JsonArray();
    for (Job job : registry.of(caller.subject())) {
      JsonObject s = job.snapshot();
      list.add(new JsonObject().put("id", job.id()).put("kind", job.addressable() ? "job" : "request")
          .put("state", s.getString("state")).put("started", job.created().toString())
          .put("expires_at", s.getString("expires_at")));
    }
    StoreFailures.guard(results.list(pseudonyms.of(caller.subject())))
        .onSuccess(retained -> rc.json(body(caller, list, retained)))
        .onFailure(rc::fail);
  }

  private JsonObject body(Caller caller, JsonArray list, List<JsonObject> retained) {
    return new JsonObject()
        .put("subject", caller.subject())
        .put("jobs", list)
        .put("retainedResults", new JsonArray(new ArrayList<>(retained)))
        .put("abuseCounters", new JsonObject()
            .put("quotaUsedToday", limits.quotaUsed(caller))
            .put("quotaPerDay", limits.quotaOf(caller))
            .put("quotaResetSeconds", limits.quotaResetSeconds())
            .put("requestsLeftThisMinute", limits.workRemaining(caller))
            .put("keptOnErasure", true));
  }

  void erase(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    int cancelled = registry.cancelAll(caller.subject());
    StoreFailures.guard(results.deleteAll(pseudonyms.of(caller.subject())))
        .onSuccess(retained -> {
          audit.record(AuditLog.Event.ERASURE, caller.subject(), AccessHandlers.routeOf(rc), "erased");
          rc.json(new JsonObject().put("erased", new JsonObject().put("jobsCancelled", cancelled)
              .put("retainedResults", retained)));
        })
        .onFailure(err -> {
          audit.record(AuditLog.Event.ERASURE, caller.subject(), AccessHandlers.routeOf(rc),
              "jobs_cancelled_store_unreachable");
          rc.fail(ProblemException.of(err));
        });
  }
}
