package io.zeroprint.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.abuse.InFlight;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.bus.Bus;
import io.zeroprint.bus.EnhanceJob;
import io.zeroprint.bus.EnhanceResult;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.pipeline.EnhanceOptions;
import io.zeroprint.pipeline.ImageGuard;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.security.Caller;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/enhance}: open the job (in-flight cap, daily quota) → receive → admit (header and
 * limits) → dispatch to the worker over the bus → write the result. Runs on the event loop and
 * never blocks: decoding and inference happen on the worker. Whoever holds a buffer when the
 * request ends releases it.
 */
final class EnhanceHandler {
  private static final String HEADER_PREFIX = "Zeroprint-";

  private final Vertx vertx;
  private final ZeroprintConfig config;
  private final BufferStore store;
  private final ImageGuard guard;
  private final Problems problems;
  private final Guards guards;

  EnhanceHandler(Vertx vertx, ZeroprintConfig config, BufferStore store, Problems problems, Guards guards) {
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.guard = new ImageGuard(config.limits());
    this.problems = problems;
    this.guards = guards;
  }

  /** A dispatched job's result, with the upload size for the (anonymous) usage counters. */
  private record Done(EnhanceResult result, EnhanceOptions options, long uploadBytes) {}

  void handle(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    Map<String, String> query = EnhanceOptions.fromQuery(req.params());
    EnhanceOptions.parse(query, config.output()); // reject bad options before reading the body
    Caller caller = rc.get(Caller.KEY);
    String jobId = UUID.randomUUID().toString();
    InFlight.Entry entry = guards.limits().openJob(caller, jobId, () -> req.response().reset());
    rc.addEndHandler(v -> guards.limits().inFlight().close(caller.subject(), jobId));
    useQuota(rc, caller);
    long started = System.nanoTime();
    UploadReceiver.start(vertx, req, store, config.limits())
        .map(upload -> admit(jobId, upload, query))
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

  /** Reads the header from the received bytes and checks it; releases the image if it fails. */
  private EnhanceJob admit(String jobId, UploadReceiver.Upload upload, Map<String, String> query) {
    try {
      Map<String, String> raw = upload.optionsJson() == null ? query : EnhanceOptions.mergeJson(query, upload.optionsJson());
      EnhanceOptions options = EnhanceOptions.parse(raw, config.output());
      ImageHeader header = ImageHeader.read(upload.image());
      guard.check(header, options);
      return new EnhanceJob(jobId, options, header, upload.image());
    } catch (RuntimeException e) {
      upload.image().release();
      throw e;
    }
  }

  private Future<Done> dispatch(RoutingContext rc, EnhanceJob job, InFlight.Entry entry) {
    if (rc.response().closed()) {
      job.image().release();
      return Future.failedFuture(new ProblemException(ErrorCode.CANCELLED));
    }
    Runnable cancel = () -> vertx.eventBus().publish(Bus.CANCEL, job.jobId());
    entry.advance("processing", cancel);
    rc.response().closeHandler(v -> cancel.run());
    long uploadBytes = job.image().length();
    long timeout = TimeUnit.SECONDS.toMillis(config.worker().jobTimeoutSeconds());
    return vertx.eventBus().<EnhanceResult>request(Bus.ENHANCE, job, Bus.jobDelivery(timeout))
        .map(Message::body)
        .map(result -> new Done(result, job.options(), uploadBytes))
        .recover(err -> {
          if (err instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
            job.image().release(); // never reached the worker, so it is still ours
          }
          return Future.failedFuture(Bus.problemOf(err));
        });
  }

  private void sendResult(RoutingContext rc, Done done, long started) {
    SegmentBuffer image = done.result().image();
    HttpServerResponse resp = rc.response();
    if (resp.closed() || resp.ended()) {
      image.release();
      return;
    }
    guards.analytics().record(rc.request(), done.options().effect(), done.options().scale(), done.uploadBytes(),
        System.nanoTime() - started);
    resp.putHeader(HttpHeaders.CONTENT_TYPE, done.result().format().mediaType())
        .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(image.length()))
        .putHeader(HEADER_PREFIX + "Width", Integer.toString(done.result().width()))
        .putHeader(HEADER_PREFIX + "Height", Integer.toString(done.result().height()));
    try {
      for (Buffer view : image.views()) {
        resp.write(view);
      }
      resp.end().onComplete(v -> image.release());
    } catch (RuntimeException e) {
      image.release(); // the connection closed between the check and the write
    }
  }
}
