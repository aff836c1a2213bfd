package io.zeroprint.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.zeroprint.bus.Bus;
import io.zeroprint.bus.EnhanceJob;
import io.zeroprint.bus.EnhanceResult;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.pipeline.EnhanceOptions;
import io.zeroprint.pipeline.ImageGuard;
import io.zeroprint.buffer.SegmentBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side's two steps towards the worker, shared by every way of submitting: admit (options,
 * header and limits checked on the received bytes) and dispatch (over the bus, failures mapped back
 * to problems). On any failure the image is released by whoever holds it.
 */
final class Dispatcher {
  private final Vertx vertx;
  private final ZeroprintConfig config;
  private final ImageGuard guard;
  private final EffectGate effects;

  Dispatcher(Vertx vertx, ZeroprintConfig config, EffectGate effects) {
    this.vertx = vertx;
    this.config = config;
    this.effects = effects;
    this.guard = new ImageGuard(config.limits());
  }

  /** Checks the received image and its options; releases the image if they fail. */
  EnhanceJob admit(String jobId, SegmentBuffer image, Map<String, String> rawOptions, String optionsJson) {
    try {
      Map<String, String> raw = optionsJson == null ? rawOptions : EnhanceOptions.mergeJson(rawOptions, optionsJson);
      EnhanceOptions options = options(raw);
      ImageHeader header = ImageHeader.read(image);
      guard.check(header, options);
      return new EnhanceJob(jobId, options, header, image);
    } catch (RuntimeException e) {
      image.release();
      throw e;
    }
  }

  /** Parses options and checks their models are installed (before an upload is read, where possible). */
  EnhanceOptions options(Map<String, String> raw) {
    return effects.check(EnhanceOptions.parse(raw, config.output()));
  }

  /** Sends the job to the worker, which owns the image from then on. */
  Future<EnhanceResult> dispatch(EnhanceJob job) {
    long timeout = TimeUnit.SECONDS.toMillis(config.worker().jobTimeoutSeconds());
    return vertx.eventBus().<EnhanceResult>request(Bus.ENHANCE, job, Bus.jobDelivery(timeout))
        .map(Message::body)
        .recover(err -> {
          if (err instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
            job.image().release(); // never reached the worker, so it is still ours
          }
          return Future.failedFuture(Bus.problemOf(err));
        });
  }

  /** Stops a dispatched job on the worker. */
  void cancel(String jobId) {
    vertx.eventBus().publish(Bus.CANCEL, jobId);
  }
}
