package io.zeroprint.faults;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.zeroprint.bus.Bus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * An event-bus interceptor that keeps every job message from the worker until {@link #release}: work
 * that is admitted and "in progress" for as long as a test needs, without a slow model.
 */
final class HeldJobs implements Handler<DeliveryContext<Object>> {
  private final List<Runnable> held = new CopyOnWriteArrayList<>();
  private final CountDownLatch arrived;

  HeldJobs(int expected) {
    arrived = new CountDownLatch(expected);
  }

  @Override
  public void handle(DeliveryContext<Object> ctx) {
    if (!Bus.ENHANCE.equals(ctx.message().address())) {
      ctx.next();
      return;
    }
    Context context = Vertx.currentContext();
    held.add(() -> context.runOnContext(v -> ctx.next()));
    arrived.countDown();
  }

  /** Counts down once per job message held. */
  CountDownLatch arrived() {
    return arrived;
  }

  /** Lets every held job go on to the worker. */
  void release() {
    held.forEach(Runnable::run);
    held.clear();
  }
}
