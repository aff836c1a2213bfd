package io.zeroprint.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Work that outlasts {@code shutdown.graceSeconds} is ended with {@code shutting_down}: the waiting
 * synchronous client, the job's event stream and a WebSocket (then closed with 1001) are told, and
 * every byte is still zeroed.
 */
class DrainGraceOverTest extends FaultTestBase {
  private static final int GRACE_SECONDS = 1;
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(16, 16), "png");

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("shutdown", new JsonObject().put("graceSeconds", GRACE_SECONDS));
  }

  @Test
  void workLongerThanTheGraceIsCancelledWithAClearErrorAndStillZeroed() throws Exception {
    HeldJobs worker = new HeldJobs(3);
    intercept(worker);
    WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT);
    ws.send(new JsonObject().put("type", "submit").put("size", IMAGE.length));
    String socketJob = ws.await(WsClient.type("accepted")).getString("job");
    ws.sendBinary(IMAGE);
    CompletableFuture<HttpResponse<byte[]>> sync = http.sendAsync(request("/v1/enhance")
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(IMAGE)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    String job = submitJob("", "image/png", IMAGE).getString("job");
    CompletableFuture<List<JsonObject>> events = follow(job);
    await(worker.arrived(), "the three requests at the worker");
    long started = System.nanoTime();

    CompletableFuture<Void> drained = server.close().toCompletionStage().toCompletableFuture();

    JsonObject problem = assertProblem(within(sync, "the synchronous answer"), 503, "shutting_down");
    assertTrue(problem.getString("detail").contains("shut down before the request finished"), problem.encode());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= GRACE_SECONDS * 1000L - 100,
        "answered when the grace ended, not before");
    JsonObject last = finalEvent(events);
    assertEquals("cancelled", last.getString("state"), last.encode());
    assertEquals("shutting_down", last.getJsonObject("error").getString("code"), last.encode());
    JsonObject told = ws.await(WsClient.jobIn(socketJob, "cancelled"));
    assertEquals("shutting_down", told.getJsonObject("error").getString("code"), told.encode());
    assertEquals(1001, ws.awaitClose(), "the socket goes away after its last message");
    ws.close();
    // The worker only now gets to the jobs, as a worker busy past the grace would: what it makes is zeroed.
    worker.release();
    within(drained, "the drain");
    assertEquals(0, server.store().stats().inUseBytes(), "no image memory in use");
    assertEquals(0, server.store().stats().idleBytes(), "the pool holds no segment");
  }
}
