package io.zeroprint.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.abuse.InFlight;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.bus.EnhanceJob;
import io.zeroprint.bus.EnhanceResult;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.pipeline.EnhanceOptions;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.security.Caller;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/enhance}: open the job (in-flight cap, daily quota) → receive → admit (header and
 * limits) → dispatch to the worker over the bus → write the result. Runs on the event loop and
 * never blocks: decoding and inference happen on the worker. Whoever holds a buffer when the
 * request ends releases it.
 */
final class EnhanceHandler {
  private final Vertx vertx;
  private final ZeroprintConfig config;
  private final BufferStore store;
  private final Dispatcher dispatcher;
  private final Problems problems;
  private final Guards guards;

  EnhanceHandler(Vertx vertx, ZeroprintConfig config, BufferStore store, Problems problems, Guards guards,
      Dispatcher dispatcher) {
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.dispatcher = dispatcher;
    this.problems = problems;
    this.guards = guards;
  }

  /** A dispatched job's result, with the upload size for the (anonymous) usage counters. */
  private record Done(EnhanceResult result, EnhanceOptions options, long uploadBytes) {}

  void handle(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    Map<String, String> query = EnhanceOptions.fromQuery(req.params());
    if (dispatcher.options(query).retain() != null) {
      throw new ProblemException(ErrorCode.INVALID_OPTION, "retain applies to jobs (POST /v1/jobs).");
    }
    Caller caller = rc.get(Caller.KEY);
    String jobId = UUID.randomUUID().toString();
    InFlight.Entry entry = guards.limits().openJob(caller, jobId, () -> req.response().reset());
    rc.addEndHandler(v -> guards.limits().inFlight().close(caller.subject(), jobId));
    useQuota(rc, caller);
    long started = System.nanoTime();
    UploadReceiver.start(vertx, req, store, config.limits())
        .map(upload -> dispatcher.admit(jobId, upload.image(), query, upload.optionsJson()))
        .compose(job -> dispatch(rc, job, entry))
        .onSuccess(done -> sendResult(rc, done, started))
        .onFailure(err -> problems.send(rc, ProblemException.of(err)));
  }

  private void useQuota(RoutingContext rc, Caller caller) {
    try {
      guards.limits().useQuota(caller);
    } catch (ProblemException p) {
      guards.audit().record(AuditLog.Event.QUOTA_EXCEEDED, caller.subject(), AccessHandlers.routeOf(rc), p.code().code());
      throw p;
    }
  }

  private Future<Done> dispatch(RoutingContext rc, EnhanceJob job, InFlight.Entry entry) {
    if (rc.response().closed()) {
      job.image().release();
      return Future.failedFuture(new ProblemException(ErrorCode.CANCELLED));
    }
    Runnable cancel = () -> dispatcher.cancel(job.jobId());
    entry.advance("processing", cancel);
    rc.response().closeHandler(v -> cancel.run());
    long uploadBytes = job.image().length();
    return dispatcher.dispatch(job).map(result -> new Done(result, job.options(), uploadBytes));
  }

  private void sendResult(RoutingContext rc, Done done, long started) {
    SegmentBuffer image = done.result().image();
    guards.analytics().record(rc.request(), done.options().effect(), done.options().scale(), done.uploadBytes(),
        System.nanoTime() - started);
    ResultWriter.send(rc.response(), image, done.result().mediaType(), done.result().width(), done.result().height())
        .onComplete(v -> image.release());
  }
}
