package io.zeroprint.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM's path, in-process: a drain refuses new work on every door at once and lets the work
 * already admitted (a synchronous request and a job, both held before the worker) finish, be
 * delivered, and give every byte back before the server stops.
 */
class GracefulDrainTest extends FaultTestBase {
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(16, 16), "png");
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("shutdown", new JsonObject().put("graceSeconds", 20));
  }

  @Test
  void aDrainRefusesNewWorkAtOnceAndLetsAdmittedWorkFinish() throws Exception {
    HeldJobs worker = new HeldJobs(2);
    intercept(worker);
    CompletableFuture<HttpResponse<byte[]>> sync = http.sendAsync(request("/v1/enhance")
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(IMAGE)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    String job = submitJob("", "image/png", IMAGE).getString("job");
    CompletableFuture<List<JsonObject>> events = follow(job);
    await(worker.arrived(), "both requests at the worker");

    CompletableFuture<Void> drained = server.close().toCompletionStage().toCompletableFuture();

    java.net.http.HttpResponse<byte[]> ready = get("/health/ready");
    assertEquals(503, ready.statusCode(), "not ready from the first moment");
    assertTrue(new String(ready.body(), java.nio.charset.StandardCharsets.UTF_8).contains("\"DRAINING\""), "says why");
    assertRefused(postRaw("/v1/enhance", "image/png", IMAGE));
    assertRefused(postRaw("/v1/jobs", "image/png", IMAGE));
    assertRefused(send(request("/v1/uploads").header("Tus-Resumable", "1.0.0").header("Upload-Length", "100")
        .POST(HttpRequest.BodyPublishers.noBody()).build()));
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "submit").put("size", IMAGE.length));
      assertEquals("shutting_down", ws.await(WsClient.type("error")).getString("code"));
    }
    assertFalse(drained.isDone(), "the drain waits for the admitted work");

    worker.release();

    HttpResponse<byte[]> answer = within(sync, "the synchronous answer");
    assertEquals(200, answer.statusCode());
    assertArrayEquals(PNG_MAGIC, java.util.Arrays.copyOf(answer.body(), 4));
    assertEquals("done", finalEvent(events).getString("state"));
    assertEquals(200, get("/v1/jobs/" + job + "/result").statusCode(), "a finished job's result is collected");
    within(drained, "the drain to end once everything is delivered");
    assertEquals(0, server.store().stats().inUseBytes(), "no image memory in use");
    assertEquals(0, server.store().stats().idleBytes(), "the pool holds no segment");
  }

  private static void assertRefused(HttpResponse<byte[]> resp) {
    assertProblem(resp, 503, "shutting_down");
    assertTrue(resp.headers().firstValue("Retry-After").isPresent(), "Retry-After");
  }
}
