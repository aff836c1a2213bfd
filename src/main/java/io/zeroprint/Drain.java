package io.zeroprint;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.zeroprint.jobs.JobRegistry;
import java.util.function.BooleanSupplier;

/**
 * Waits for the work already admitted to finish: completes with {@code true} once the registry
 * holds no job (every result delivered), or with {@code false} when the grace period ends first.
 * Checked on a short timer rather than on every job event: a drain happens once per process.
 */
final class Drain {
  private static final long CHECK_MILLIS = 50;

  private Drain() {}

  static Future<Boolean> awaitIdle(Vertx vertx, JobRegistry registry, int graceSeconds) {
    return await(vertx, registry::idle, graceSeconds * 1_000L);
  }

  static Future<Boolean> await(Vertx vertx, BooleanSupplier idle, long graceMillis) {
    if (idle.getAsBoolean() || graceMillis <= 0) {
      return Future.succeededFuture(idle.getAsBoolean());
    }
    Promise<Boolean> done = Promise.promise();
    long deadline = System.nanoTime() + graceMillis * 1_000_000L;
    vertx.setPeriodic(CHECK_MILLIS, id -> {
      boolean clean = idle.getAsBoolean();
      if (clean || System.nanoTime() - deadline >= 0) {
        vertx.cancelTimer(id);
        done.tryComplete(clean);
      }
    });
    return done.future();
  }
}
