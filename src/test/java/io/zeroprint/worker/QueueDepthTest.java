package io.zeroprint.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.zeroprint.ServerTestBase;
import io.zeroprint.bus.Bus;
import io.zeroprint.pipeline.Progress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code zeroprint_queue_depth} counts the jobs admitted and waiting for a worker (not the one
 * running): the signal the HorizontalPodAutoscaler scales on.
 */
class QueueDepthTest extends ServerTestBase {

  @Test
  void aJobWaitingBehindARunningOneIsTheQueueDepthAndLeavesItWhenDone() throws Exception {
    byte[] rocket = resource("images/rocket.jpg");
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch bothQueued = new CountDownLatch(2);
    CountDownLatch letGo = new CountDownLatch(1);
    AtomicBoolean held = new AtomicBoolean();
    // Progress is published from the worker thread: holding its first stage event keeps the first
    // job running (and the worker busy) for exactly as long as the test needs.
    Handler<DeliveryContext<Object>> holdFirstStage = ctx -> {
      if (Bus.PROGRESS.equals(ctx.message().address()) && ctx.message().body() instanceof Progress p) {
        if (Progress.QUEUED.equals(p.stage())) {
          bothQueued.countDown();
        } else if (held.compareAndSet(false, true)) {
          running.countDown();
          awaitQuietly(letGo);
        }
      }
      ctx.next();
    };
    assertEquals(0.0, metric("zeroprint_queue_depth"));
    server.vertx().eventBus().addOutboundInterceptor(holdFirstStage);
    CompletableFuture<HttpResponse<byte[]>> first;
    CompletableFuture<HttpResponse<byte[]>> second;
    try {
      first = postAsync("/v1/enhance?scale=2", rocket);
      await(running, "the first job to start");
      second = postAsync("/v1/enhance?scale=2", rocket);
      await(bothQueued, "the second job to be queued");

      assertEquals(1.0, metric("zeroprint_queue_depth"));
      assertEquals(2.0, metric("zeroprint_jobs_admitted"));
    } finally {
      letGo.countDown();
      server.vertx().eventBus().removeOutboundInterceptor(holdFirstStage);
    }
    assertEquals(200, first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode());
    assertEquals(200, second.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode());
    assertEquals(0.0, metric("zeroprint_queue_depth"));
    assertBuffersReleased();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertTrue(latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the test never let the first job go");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CompletableFuture<HttpResponse<byte[]>> postAsync(String path, byte[] body) {
    return http.sendAsync(request(path).header("Content-Type", "image/jpeg")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
