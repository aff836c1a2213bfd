package io.zeroprint.intake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.zeroprint.bus.Bus;
import io.zeroprint.bus.EnhanceJob;
import io.zeroprint.bus.EnhanceResult;
import java.util.concurrent.TimeUnit;

/** The intake's line to the inference worker over the event bus: send a job, cancel one. */
final class WorkerLink {
  private final Vertx vertx;
  private final long maxJobMillis;

  WorkerLink(Vertx vertx, int maxJobSeconds) {
    this.vertx = vertx;
    this.maxJobMillis = TimeUnit.SECONDS.toMillis(maxJobSeconds);
  }

  /** Sends the job; the worker owns its image from then on (unless nobody received it). */
  Future<EnhanceResult> dispatch(EnhanceJob job) {
    return vertx.eventBus().<EnhanceResult>request(Bus.ENHANCE, job, Bus.jobDelivery(maxJobMillis))
        .map(Message::body)
        .recover(err -> {
          if (err instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
            job.image().release(); // never reached the worker, so it is still ours
          }
          return Future.failedFuture(Bus.problemOf(err));
        });
  }

  /** Stops a dispatched job on the worker, which releases what it holds. */
  void cancel(String jobId) {
    vertx.eventBus().publish(Bus.CANCEL, jobId);
  }
}
