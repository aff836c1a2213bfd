package io.zeroprint.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestTokens;
import io.zeroprint.bus.Bus;
import io.zeroprint.bus.EnhanceJob;
import io.zeroprint.contract.SseEvents;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** One-line requests and assertions shared by the fault tests. */
abstract class FaultTestBase extends ServerTestBase {

  /** POST /v1/jobs with a raw body; asserts 202 and returns the body. */
  JsonObject submitJob(String query, String contentType, byte[] body) {
    HttpResponse<byte[]> resp = postRaw("/v1/jobs" + query, contentType, body);
    assertEquals(202, resp.statusCode(), () -> new String(resp.body(), StandardCharsets.UTF_8));
    return json(resp);
  }

  /**
   * Opens the job's event stream and returns once the server has sent its first event (so nothing
   * the job does from now on is missed); the future completes with every event when the server ends
   * the stream after a terminal one.
   */
  CompletableFuture<List<JsonObject>> follow(String jobId) {
    CompletableFuture<Void> subscribed = new CompletableFuture<>();
    CompletableFuture<List<JsonObject>> all = http.sendAsync(request("/v1/jobs/" + jobId + "/events").GET().build(),
            HttpResponse.BodyHandlers.ofLines())
        .thenApply(resp -> {
          assertEquals(200, resp.statusCode(), "event stream of " + jobId);
          try (Stream<String> lines = resp.body()) {
            return SseEvents.of(lines)
                .peek(e -> subscribed.complete(null)).toList();
          }
        });
    all.whenComplete((events, err) -> subscribed.complete(null));
    within(subscribed, "the first event of " + jobId);
    return all;
  }

  /** The last event of a followed job: its terminal state. */
  JsonObject finalEvent(CompletableFuture<List<JsonObject>> followed) {
    List<JsonObject> events = within(followed, "the event stream to end");
    assertTrue(!events.isEmpty(), "no events");
    return events.get(events.size() - 1);
  }

  /** Follows a job that is not finished yet to its terminal event. */
  JsonObject finalEvent(String jobId) {
    return finalEvent(follow(jobId));
  }

  /**
   * Holds the next job message before the worker gets it, after {@code meanwhile} has seen it;
   * completes with the action that lets it go on to the worker.
   */
  CompletableFuture<Runnable> holdNextJob(Consumer<EnhanceJob> meanwhile) {
    CompletableFuture<Runnable> held = new CompletableFuture<>();
    AtomicBoolean taken = new AtomicBoolean();
    intercept(ctx -> {
      if (Bus.ENHANCE.equals(ctx.message().address()) && taken.compareAndSet(false, true)) {
        meanwhile.accept((EnhanceJob) ctx.message().body());
        Context context = Vertx.currentContext();
        held.complete(() -> context.runOnContext(v -> ctx.next()));
      } else {
        ctx.next();
      }
    });
    return held;
  }

  /** The value of {@code f}, failing the test if it takes longer than the timeout. */
  static <T> T within(CompletableFuture<T> f, String what) {
    try {
      return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out waiting for " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed", e.getCause());
    }
  }

  HttpResponse<byte[]> result(String jobId, String key) {
    HttpRequest.Builder b = request("/v1/jobs/" + jobId + "/result").GET();
    if (key != null) {
      b.header("Zeroprint-Result-Key", key);
    }
    return send(b.build());
  }

  HttpResponse<byte[]> delete(String path) {
    return send(request(path).DELETE().build());
  }

  /** A request builder for another subject (own limits, own data). */
  HttpRequest.Builder as(String subject, String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + TestTokens.token(subject, "enhance"));
  }

  /** Asserts the problem and that it says when to retry. */
  static JsonObject assertRetryableProblem(HttpResponse<byte[]> resp, int status, String code) {
    JsonObject problem = assertProblem(resp, status, code);
    assertTrue(resp.headers().firstValue("retry-after").map(v -> Integer.parseInt(v) > 0).orElse(false),
        "Retry-After on " + code + ": " + resp.headers().map());
    return problem;
  }

  static JsonObject json(HttpResponse<byte[]> resp) {
    return new JsonObject(new String(resp.body(), StandardCharsets.UTF_8));
  }
}
