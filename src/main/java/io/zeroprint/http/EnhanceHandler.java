package io.zeroprint.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.config.LimitsConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.intake.Intake;
import io.zeroprint.intake.Ticket;
import io.zeroprint.intake.WorkRequest;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.JobState;

/**
 * {@code POST /v1/enhance}: a job delivered inline. Admit → receive → submit → wait (the idle limit
 * does not apply while the server works) → write the result on the same response. Runs on the event
 * loop and never blocks. Whoever holds a buffer when the request ends releases it.
 */
final class EnhanceHandler {
  private final Vertx vertx;
  private final Intake intake;
  private final JobRegistry registry;
  private final BufferStore store;
  private final LimitsConfig limits;
  private final Problems problems;

  EnhanceHandler(Vertx vertx, Intake intake, JobRegistry registry, BufferStore store, LimitsConfig limits,
      Problems problems) {
    this.vertx = vertx;
    this.intake = intake;
    this.registry = registry;
    this.store = store;
    this.limits = limits;
    this.problems = problems;
  }

  void handle(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    Ticket ticket = intake.open(WorkRequests.of(rc, WorkRequest.Delivery.INLINE, null));
    WorkRequests.rateHeaders(rc.response(), ticket.window());
    ticket.job().canceller(() -> req.response().reset());
    RequestLog.adopt(rc, ticket.job());
    Receipts.announce(rc.response(), ticket.job());
    UploadReceiver.start(vertx, req, store.open(limits.maxUploadBytes(), ticket.account()), limits,
            bytes -> ticket.job().uploaded(bytes, -1))
        .compose(upload -> Submissions.submit(intake, ticket, upload))
        .onSuccess(submitted -> await(rc, submitted.job()))
        .onFailure(err -> failed(rc, ticket, err));
  }

  private void await(RoutingContext rc, Job job) {
    Context context = vertx.getOrCreateContext();
    Runnable release = BusyConnections.hold(rc.request().connection());
    rc.addEndHandler(v -> release.run());
    rc.response().closeHandler(v -> {
      release.run();
      registry.cancel(job);
    });
    job.settled().thenAccept(settled -> context.runOnContext(v -> deliver(rc, settled)));
  }

  private void deliver(RoutingContext rc, Job job) {
    SegmentBuffer image = job.state() == JobState.DONE ? job.takeResult() : null;
    if (image == null) {
      registry.end(job, JobState.FAILED, ErrorCode.CANCELLED);
      problems.send(rc, job.failure().orElseGet(() -> new ProblemException(ErrorCode.CANCELLED)));
      return;
    }
    ResultWriter.send(rc.response(), image, job.mediaType(), job.width(), job.height()).onComplete(ar -> {
      image.release();
      if (ar.succeeded()) {
        registry.delivered(job);
      } else {
        registry.end(job, JobState.CANCELLED, ErrorCode.CANCELLED);
      }
    });
  }

  private void failed(RoutingContext rc, Ticket ticket, Throwable err) {
    ProblemException p = ProblemException.of(err);
    intake.abandon(ticket, p);
    problems.send(rc, p);
  }
}
