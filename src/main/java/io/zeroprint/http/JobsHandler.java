package io.zeroprint.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.config.LimitsConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageFormat;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.intake.Intake;
import io.zeroprint.intake.Ticket;
import io.zeroprint.intake.WorkRequest;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.JobState;
import io.zeroprint.jobs.ResultCipher;
import io.zeroprint.jobs.ResultStore;
import io.zeroprint.pipeline.Output;
import io.zeroprint.privacy.Pseudonyms;
import io.zeroprint.security.Caller;
import io.zeroprint.webhooks.Webhooks;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asynchronous jobs over HTTP: {@code POST /v1/jobs} (or {@code /v1/enhance} with
 * {@code Prefer: respond-async}) → 202; {@code GET /v1/jobs/{id}}; {@code GET /v1/jobs/{id}/events}
 * (SSE, with comment pings while nothing happens); {@code GET /v1/jobs/{id}/result} (one-time, or
 * with {@code Zeroprint-Result-Key} for a retained result); {@code DELETE /v1/jobs/{id}}.
 */
final class JobsHandler {
  static final String RESULT_KEY_HEADER = "Zeroprint-Result-Key";
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_IDEMPOTENCY_KEY = 200;
  private static final int NOT_READY_RETRY_SECONDS = 1;
  private static final String PING = ": ping\n\n";

  private final Vertx vertx;
  private final Intake intake;
  private final JobRegistry registry;
  private final ResultStore results;
  private final BufferStore store;
  private final LimitsConfig limits;
  private final Pseudonyms pseudonyms;
  private final Problems problems;
  private final long pingMillis;
  private final Webhooks webhooks;

  JobsHandler(Vertx vertx, Intake intake, JobRegistry registry, ResultStore results, BufferStore store,
      LimitsConfig limits, Pseudonyms pseudonyms, Problems problems, long pingMillis, Webhooks webhooks) {
    this.vertx = vertx;
    this.intake = intake;
    this.registry = registry;
    this.results = results;
    this.store = store;
    this.limits = limits;
    this.pseudonyms = pseudonyms;
    this.problems = problems;
    this.pingMillis = pingMillis;
    this.webhooks = webhooks;
  }

  void submit(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    Ticket ticket = intake.open(WorkRequests.of(rc, WorkRequest.Delivery.JOB, idempotencyKey(req)));
    WorkRequests.rateHeaders(rc.response(), ticket.window());
    RequestLog.about(rc, ticket.job());
    if (ticket.replayed()) {
      replay(rc, ticket.job());
      return;
    }
    Job job = ticket.job();
    job.canceller(() -> req.response().reset());
    long declared = UploadReceiver.declaredLength(req);
    UploadReceiver.start(vertx, req, store.open(limits.maxUploadBytes(), ticket.account()), limits,
            bytes -> job.uploaded(bytes, declared))
        .compose(upload -> Submissions.submit(intake, ticket, upload))
        .onSuccess(submitted -> accepted(rc, job, submitted.resultKey(), false))
        .onFailure(err -> {
          ProblemException p = ProblemException.of(err);
          intake.abandon(ticket, p);
          problems.send(rc, p);
        });
  }

  /** The job, with its webhook's deliveries if it named one; a finished job's 410 carries them too. */
  void status(RoutingContext rc) {
    String id = rc.pathParam("id");
    Job job;
    try {
      job = job(rc);
    } catch (ProblemException p) {
      throw p.code() == ErrorCode.RESULT_GONE ? webhooks.status(id).map(w -> p.with("webhook", w)).orElse(p) : p;
    }
    JsonObject body = JobLinks.render(job.snapshot());
    webhooks.status(id).ifPresent(w -> body.put("webhook", w));
    rc.json(body);
  }

  void events(RoutingContext rc) {
    Job job = job(rc);
    HttpServerResponse resp = rc.response().setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream").putHeader("X-Accel-Buffering", "no");
    long pings = vertx.setPeriodic(pingMillis, id -> {
      if (!resp.ended() && !resp.closed()) {
        resp.write(PING); // keeps the stream (and any proxy) from timing out while the job waits
      }
    });
    Consumer<JsonObject> subscriber = new Consumer<>() {
      @Override
      public void accept(JsonObject event) {
        if (resp.ended() || resp.closed()) {
          return;
        }
        resp.write("id: " + event.getLong("seq") + "\nevent: job\ndata: " + JobLinks.render(event).encode() + "\n\n");
        if (JobState.valueOf(event.getString("state").toUpperCase(Locale.ROOT)).terminal()) {
          job.unsubscribe(this);
          vertx.cancelTimer(pings);
          resp.end();
        }
      }
    };
    resp.closeHandler(v -> {
      vertx.cancelTimer(pings);
      job.unsubscribe(subscriber);
    });
    job.subscribe(subscriber);
  }

  void result(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    String id = rc.pathParam("id");
    String keyText = rc.request().getHeader(RESULT_KEY_HEADER);
    if (keyText != null) {
      retained(rc, caller, id, ResultCipher.decodeKey(keyText));
      return;
    }
    Job job = registry.require(id, caller.subject());
    if (job.state() != JobState.DONE) {
      throw new ProblemException(ErrorCode.RESULT_NOT_READY, "The job is " + job.state().id() + ".",
          NOT_READY_RETRY_SECONDS);
    }
    if (job.retainedUntil() != null) {
      throw new ProblemException(ErrorCode.RESULT_KEY_INVALID, "This result is retained: send " + RESULT_KEY_HEADER + ".");
    }
    SegmentBuffer image = job.takeResult();
    if (image == null) {
      throw new ProblemException(ErrorCode.RESULT_GONE);
    }
    ResultWriter.send(rc.response(), image, job.mediaType(), job.width(), job.height()).onComplete(ar -> {
      image.release(); // one-time: zeroed once sent
      if (ar.succeeded()) {
        registry.delivered(job);
      } else {
        registry.end(job, JobState.FAILED, ErrorCode.CANCELLED);
      }
    });
  }

  /**
   * Cancels a job in progress, or erases a finished job's result, and destroys a retained result.
   * The answer says which: {@code cancelled}, or {@code erased}.
   */
  void delete(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    String id = rc.pathParam("id");
    Optional<Job> job = registry.find(id, caller.subject());
    String outcome = job.map(j -> j.state().terminal() ? "erased" : JobState.CANCELLED.id()).orElse("erased");
    job.ifPresent(registry::cancel);
    StoreFailures.guard(results.delete(id, pseudonyms.of(caller.subject())))
        .onSuccess(storedDeleted -> {
          if (job.isEmpty() && !storedDeleted) {
            problems.send(rc, new ProblemException(ErrorCode.NOT_FOUND, "No such job."));
            return;
          }
          rc.json(new JsonObject().put("job", id).put("state", outcome).put("retainedResultDeleted", storedDeleted));
        })
        .onFailure(err -> problems.send(rc, ProblemException.of(err)));
  }

  private void retained(RoutingContext rc, Caller caller, String id, byte[] key) {
    ResultCipher cipher = new ResultCipher(store);
    StoreFailures.guard(results.get(id, pseudonyms.of(caller.subject())))
        .compose(sealed -> {
          if (sealed.isEmpty()) {
            Arrays.fill(key, (byte) 0);
            return Future.<SegmentBuffer>failedFuture(new ProblemException(ErrorCode.RESULT_GONE));
          }
          return vertx.executeBlocking(() -> {
            try {
              return cipher.decrypt(sealed.get(), key, id);
            } finally {
              sealed.get().release();
            }
          }, false);
        })
        .onSuccess(plain -> {
          // The sealed result is our own output: an image whose header gives format and size, or JSON.
          Future<Void> sent;
          if (ImageFormat.sniff(plain).isEmpty()) {
            sent = ResultWriter.send(rc.response(), plain, Output.JSON_MEDIA_TYPE, 0, 0);
          } else {
            ImageHeader header = ImageHeader.read(plain);
            sent = ResultWriter.send(rc.response(), plain, header.format().mediaType(), header.width(), header.height());
          }
          sent.onComplete(v -> plain.release());
        })
        .onFailure(err -> problems.send(rc, ProblemException.of(err)));
  }

  private void accepted(RoutingContext rc, Job job, Optional<String> key, boolean replayed) {
    JsonObject body = JobLinks.render(job.snapshot());
    body.getJsonObject("links").put("self", JobLinks.self(job.id())).put("events", JobLinks.events(job.id()))
        .put("result", JobLinks.result(job.id())).put("websocket", "/v1/ws");
    key.ifPresent(k -> body.put("result_key", k));
    HttpServerResponse resp = rc.response().setStatusCode(202).putHeader(HttpHeaders.LOCATION, JobLinks.self(job.id()));
    if (replayed) {
      resp.putHeader("Idempotent-Replayed", "true");
    }
    resp.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }

  /** Same key, same job: the repeated body is read, zeroed and dropped; the answer is the first job. */
  private void replay(RoutingContext rc, Job job) {
    HttpServerRequest req = rc.request();
    req.handler(UploadReceiver::zero).endHandler(v -> accepted(rc, job, Optional.empty(), true)).resume();
  }

  private Job job(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    Job job = registry.require(rc.pathParam("id"), caller.subject());
    RequestLog.about(rc, job);
    return job;
  }

  static String idempotencyKey(HttpServerRequest req) {
    return checkedIdempotencyKey(req.getHeader(IDEMPOTENCY_KEY));
  }

  /** A client's idempotency key, as a header or a WebSocket message field: null, or 1..200 visible ASCII characters. */
  static String checkedIdempotencyKey(String key) {
    if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY || !key.matches("[\\x21-\\x7e]+"))) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, IDEMPOTENCY_KEY + " must be 1.." + MAX_IDEMPOTENCY_KEY
          + " visible ASCII characters.");
    }
    return key;
  }

}
