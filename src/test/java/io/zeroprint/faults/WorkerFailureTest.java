package io.zeroprint.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import io.zeroprint.TestImages;
import io.zeroprint.privacy.LogCapture;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker fails for real: an event-bus interceptor (test only) zeroes and releases the job's
 * image before the worker reads it, so the pipeline's first read throws an unexpected
 * {@code IllegalStateException}. That is the one failure that is a 500 {@code internal}; it is logged
 * as one line (the exception's class, no stack trace, no data), leaves no memory in use, and the
 * worker goes on serving.
 */
class WorkerFailureTest extends FaultTestBase {
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(40, 30), "png");

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void aSynchronousRequestWhoseWorkerThrowsGets500InternalAndTheWorkerServesTheNext() {
    releaseTheNextImageBeforeTheWorkerReadsIt();
    HttpResponse<byte[]> failed;
    List<String> logged;
    try (LogCapture logs = LogCapture.install()) {
      failed = postRaw("/v1/enhance", "image/png", IMAGE);
      logged = logs.lines();
    }

    assertProblem(failed, 500, "internal");
    assertLoggedOnceWithoutStackTrace(logged);
    assertBuffersReleased();
    assertEquals(200, postRaw("/v1/enhance", "image/png", IMAGE).statusCode());
  }

  @Test
  void aJobWhoseWorkerThrowsEndsFailedInternalAndTheWorkerServesTheNext() {
    CompletableFuture<Runnable> held = releaseTheNextImageAndHoldIt();
    JsonObject last;
    List<String> logged;
    try (LogCapture logs = LogCapture.install()) {
      CompletableFuture<List<JsonObject>> events = follow(submitJob("", "image/png", IMAGE).getString("job"));
      within(held, "the job to reach the worker").run();
      last = finalEvent(events);
      logged = logs.lines();
    }

    assertEquals("failed", last.getString("state"), last.encode());
    assertEquals("internal", last.getJsonObject("error").getString("code"), last.encode());
    assertEquals(500, last.getJsonObject("error").getInteger("status"), last.encode());
    assertLoggedOnceWithoutStackTrace(logged);
    assertBuffersReleased();
    String next = submitJob("", "image/png", IMAGE).getString("job");
    assertEquals("done", finalEvent(next).getString("state"));
    assertEquals(200, result(next, null).statusCode());
  }

  /** One line names the failure by class; no record carries a stack trace. */
  private static void assertLoggedOnceWithoutStackTrace(List<String> logged) {
    List<String> failures = logged.stream().filter(l -> l.contains("IllegalStateException")).toList();
    assertEquals(1, failures.size(), "the failure logged once: " + logged);
    assertEquals(2, failures.get(0).strip().split("\n").length, "one record, its header and one message line: "
        + failures.get(0));
    assertFalse(String.join("\n", logged).contains("\tat "), "a stack trace was logged: " + logged);
  }

  /** The next job's image is zeroed and released between the intake and the worker, which then gets it. */
  private void releaseTheNextImageBeforeTheWorkerReadsIt() {
    holdNextJob(job -> job.image().release()).thenAccept(Runnable::run);
  }

  /** As above, but the job reaches the worker only once {@code run} is run. */
  private CompletableFuture<Runnable> releaseTheNextImageAndHoldIt() {
    return holdNextJob(job -> job.image().release());
  }
}
