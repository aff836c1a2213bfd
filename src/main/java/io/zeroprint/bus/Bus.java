package io.zeroprint.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.ReplyException;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.pipeline.Progress;

/**
 * Everything the intake and the inference worker say to each other: addresses, message types
 * and codecs, and how failures travel. Messages carry off-heap buffers by reference, so the codecs
 * are local-only; a clustered deployment needs serialising codecs here (and nowhere else).
 */
public final class Bus {
  /** {@link EnhanceJob} in, {@link EnhanceResult} or a failure out. */
  public static final String ENHANCE = "zeroprint.inference.enhance";
  /** A job id (String): stop that job and release what it holds. Published, not sent. */
  public static final String CANCEL = "zeroprint.inference.cancel";
  /** Nothing in; the manifests of the models the worker loaded (a JsonArray of their JSON), out. */
  public static final String MODELS = "zeroprint.inference.models";
  /** {@link Progress}, published by the worker as jobs move. */
  public static final String PROGRESS = "zeroprint.inference.progress";

  private static final String FAILURE_SEPARATOR = "\n";

  private Bus() {}

  public static void registerCodecs(Vertx vertx) {
    vertx.eventBus().registerDefaultCodec(EnhanceJob.class, new LocalCodec<>("zeroprint.job"));
    vertx.eventBus().registerDefaultCodec(EnhanceResult.class, new LocalCodec<>("zeroprint.result"));
    vertx.eventBus().registerDefaultCodec(Progress.class, new LocalCodec<>("zeroprint.progress"));
  }

  /**
   * Options for a job request: the reply must outlive the worker's own answer, which comes at the
   * latest after the bound in the queue, the bound running, and the watchdog's grace and sweep.
   */
  public static DeliveryOptions jobDelivery(long maxJobMillis) {
    return new DeliveryOptions().setSendTimeout(maxJobMillis * 2 + 15_000);
  }

  /** Encodes a problem as a bus failure (catalogue entry + public detail). */
  public static int failureCode(ProblemException p) {
    return p.code().ordinal();
  }

  public static String failureMessage(ProblemException p) {
    return p.code().name() + FAILURE_SEPARATOR + p.detail();
  }

  /** Turns a bus failure back into the problem the worker raised. */
  public static ProblemException problemOf(Throwable t) {
    if (t instanceof ReplyException r && r.getMessage() != null && r.getMessage().contains(FAILURE_SEPARATOR)) {
      String[] parts = r.getMessage().split(FAILURE_SEPARATOR, 2);
      try {
        return new ProblemException(ErrorCode.valueOf(parts[0]), parts[1]);
      } catch (IllegalArgumentException e) {
        return new ProblemException(ErrorCode.INTERNAL);
      }
    }
    if (t instanceof ReplyException r && r.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS) {
      return new ProblemException(ErrorCode.EFFECT_UNAVAILABLE, "No inference worker is running.");
    }
    return ProblemException.of(t);
  }

  /** Passes the object itself: same JVM only. */
  private record LocalCodec<T>(String name) implements MessageCodec<T, T> {
    @Override
    public void encodeToWire(Buffer buffer, T t) {
      throw new UnsupportedOperationException("zeroprint messages are local-only");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("zeroprint messages are local-only");
    }

    @Override
    public T transform(T t) {
      return t;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
