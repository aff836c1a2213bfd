package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With the worker busy and the queue full, a job is refused at once with 503 + Retry-After. */
class OverloadIsRefusedAtOnceTest extends ServerTestBase {

  @Test
  void aJobBeyondPoolAndQueueGetsQueueFullWithRetryAfter() throws Exception {
    byte[] rocket = resource("images/rocket.jpg");
    CountDownLatch admitted = jobsDispatched(2);
    // pool 1 + queue 1: two ×4 jobs occupy the worker and the queue
    CompletableFuture<HttpResponse<byte[]>> first = postAsync("/v1/enhance?scale=4", rocket);
    CompletableFuture<HttpResponse<byte[]>> second = postAsync("/v1/enhance?scale=4", rocket);
    await(admitted, "the worker to admit the first job");

    HttpResponse<byte[]> third = postRaw("/v1/enhance?scale=2", "image/jpeg", rocket);

    assertProblem(third, 503, "queue_full");
    assertEquals(String.valueOf(2), third.headers().firstValue("retry-after").orElse(""));
    assertEquals(200, first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode());
    assertEquals(200, second.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode());
    assertEquals(1.0, metric("zeroprint_jobs_total{outcome=\"queue_full\"}"));
    assertBuffersReleased();
  }

  private CompletableFuture<HttpResponse<byte[]>> postAsync(String path, byte[] body) {
    return http.sendAsync(request(path).header("Content-Type", "image/jpeg")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
