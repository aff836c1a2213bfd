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
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.effects.EffectList;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageFormat;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.JobState;
import io.zeroprint.jobs.ResultCipher;
import io.zeroprint.jobs.ResultStore;
import io.zeroprint.pipeline.EnhanceOptions;
import io.zeroprint.security.Caller;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asynchronous jobs over HTTP: {@code POST /v1/jobs} (or {@code /v1/enhance} with
 * {@code Prefer: respond-async}) → 202; {@code GET /v1/jobs/{id}}; {@code GET /v1/jobs/{id}/events}
 * (SSE); {@code GET /v1/jobs/{id}/result} (one-time, or with {@code Zeroprint-Result-Key} for a
 * retained result); {@code DELETE /v1/jobs/{id}}.
 */
final class JobsHandler {
  static final String RESULT_KEY_HEADER = "Zeroprint-Result-Key";
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_IDEMPOTENCY_KEY = 200;
  private static final int NOT_READY_RETRY_SECONDS = 1;

  private final Vertx vertx;
  private final ZeroprintConfig config;
  private final BufferStore store;
  private final Guards guards;
  private final JobRegistry registry;
  private final ResultStore results;
  private final JobFlow flow;
  private final Problems problems;

  JobsHandler(Vertx vertx, ZeroprintConfig config, BufferStore store, Guards guards, JobRegistry registry,
      ResultStore results, JobFlow flow, Problems problems) {
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.guards = guards;
    this.registry = registry;
    this.results = results;
    this.flow = flow;
    this.problems = problems;
  }

  void submit(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    Caller caller = rc.get(Caller.KEY);
    Map<String, String> query = EnhanceOptions.fromQuery(req.params());
    flow.options(query);
    Map.Entry<Job, Boolean> created = registry.create(caller.subject(), idempotencyKey(req));
    Job job = created.getKey();
    if (created.getValue()) {
      replay(rc, job);
      return;
    }
    try {
      guards.limits().useQuota(caller);
    } catch (ProblemException p) {
      registry.end(job, JobState.FAILED, p.code());
      throw p;
    }
    job.canceller(() -> req.response().reset());
    long declared = declaredLength(req);
    UploadReceiver.start(vertx, req, store, config.limits(), bytes -> job.uploaded(bytes, declared))
        .map(upload -> flow.start(job, upload.image(), query, upload.optionsJson()))
        .onSuccess(key -> accepted(rc, job, key, false))
        .onFailure(err -> {
          ProblemException p = ProblemException.of(err);
          registry.end(job, p.code() == ErrorCode.CANCELLED ? JobState.CANCELLED : JobState.FAILED, p.code());
          problems.send(rc, p);
        });
  }

  void status(RoutingContext rc) {
    rc.json(job(rc).snapshot());
  }

  void events(RoutingContext rc) {
    Job job = job(rc);
    HttpServerResponse resp = rc.response().setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream").putHeader("X-Accel-Buffering", "no");
    Consumer<JsonObject> subscriber = new Consumer<>() {
      @Override
      public void accept(JsonObject event) {
        if (resp.ended() || resp.closed()) {
          return;
        }
        resp.write("id: " + event.getLong("seq") + "\nevent: job\ndata: " + event.encode() + "\n\n");
        if (JobState.valueOf(event.getString("state").toUpperCase(java.util.Locale.ROOT)).terminal()) {
          job.unsubscribe(this);
          resp.end();
        }
      }
    };
    resp.closeHandler(v -> job.unsubscribe(subscriber));
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

  void delete(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    String id = rc.pathParam("id");
    Optional<Job> job = registry.find(id, caller.subject());
    job.ifPresent(registry::cancel);
    results.delete(id, guards.pseudonyms().of(caller.subject())).onComplete(ar -> {
      boolean storedDeleted = ar.succeeded() && ar.result();
      if (job.isEmpty() && !storedDeleted) {
        problems.send(rc, new ProblemException(ErrorCode.NOT_FOUND, "No such job."));
        return;
      }
      rc.json(new JsonObject().put("job", id).put("state", JobState.CANCELLED.id()).put("retainedResultDeleted", storedDeleted));
    });
  }

  private void retained(RoutingContext rc, Caller caller, String id, byte[] key) {
    ResultCipher cipher = new ResultCipher(store);
    results.get(id, guards.pseudonyms().of(caller.subject()))
        .compose(sealed -> {
          if (sealed.isEmpty()) {
            java.util.Arrays.fill(key, (byte) 0);
            return io.vertx.core.Future.failedFuture(new ProblemException(ErrorCode.RESULT_GONE));
          }
          return vertx.executeBlocking(() -> {
            try {
              return cipher.decrypt(sealed.get(), key, id);
            } finally {
              sealed.get().release();
            }
          });
        })
        .onSuccess(plain -> {
          // The sealed result is our own output: an image whose header gives format and size,
          // or (landmarks) JSON.
          Future<Void> sent;
          if (ImageFormat.sniff(plain).isEmpty()) {
            sent = ResultWriter.send(rc.response(), plain, EffectList.JSON, 0, 0);
          } else {
            ImageHeader header = ImageHeader.read(plain);
            sent = ResultWriter.send(rc.response(), plain, header.format().mediaType(), header.width(), header.height());
          }
          sent.onComplete(v -> plain.release());
        })
        .onFailure(err -> problems.send(rc, ProblemException.of(err)));
  }

  private void accepted(RoutingContext rc, Job job, Optional<String> key, boolean replayed) {
    JsonObject body = job.snapshot().put("links", new JsonObject()
        .put("self", "/v1/jobs/" + job.id()).put("events", "/v1/jobs/" + job.id() + "/events")
        .put("result", "/v1/jobs/" + job.id() + "/result").put("websocket", "/v1/ws"));
    key.ifPresent(k -> body.put("result_key", k));
    HttpServerResponse resp = rc.response().setStatusCode(202).putHeader(HttpHeaders.LOCATION, "/v1/jobs/" + job.id());
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
    return registry.require(rc.pathParam("id"), caller.subject());
  }

  private static String idempotencyKey(HttpServerRequest req) {
    String key = req.getHeader(IDEMPOTENCY_KEY);
    if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY || !key.matches("[\\x21-\\x7e]+"))) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, IDEMPOTENCY_KEY + " must be 1.." + MAX_IDEMPOTENCY_KEY
          + " visible ASCII characters.");
    }
    return key;
  }

  private static long declaredLength(HttpServerRequest req) {
    try {
      String v = req.getHeader(HttpHeaders.CONTENT_LENGTH);
      return v == null ? -1 : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
