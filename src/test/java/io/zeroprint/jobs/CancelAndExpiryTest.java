package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job can be cancelled in every state, and an unclaimed result expires; each time memory returns to 0. */
class CancelAndExpiryTest extends JobsTestBase {

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("jobs", new JsonObject().put("resultTtlSeconds", 1));
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void cancellingWhileReceivingReleasesThePartialUpload() throws Exception {
    byte[] png = resource("images/astronaut.png");
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "submit").put("size", png.length));
      String id = ws.await(WsClient.type("accepted")).getString("job");
      ws.sendBinary(java.util.Arrays.copyOf(png, 100_000));
      ws.await(m -> id.equals(m.getString("job")) && m.containsKey("progress")
          && m.getJsonObject("progress").getJsonObject("upload").getLong("received") == 100_000);

      assertEquals(200, delete(id).statusCode());

      ws.await(WsClient.jobIn(id, "cancelled"));
    }
  }

  @Test
  void cancellingQueuedAndRunningJobsStopsThem() throws Exception {
    byte[] jpeg = resource("images/rocket.jpg");
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      String running = submit("?scale=4", "image/jpeg", jpeg).getString("job");
      String queued = submit("?scale=4", "image/jpeg", jpeg).getString("job");
      ws.send(new JsonObject().put("type", "subscribe").put("job", running));
      ws.send(new JsonObject().put("type", "subscribe").put("job", queued));
      ws.await(WsClient.jobIn(running, "running"));
      ws.await(WsClient.jobIn(queued, "queued"));

      assertEquals(200, delete(queued).statusCode());
      assertEquals(200, delete(running).statusCode());

      ws.await(WsClient.jobIn(queued, "cancelled"));
      ws.await(WsClient.jobIn(running, "cancelled"));
    }
    assertBuffersReleased(); // the worker has stopped and released the running job
    org.junit.jupiter.api.Assertions.assertTrue(metric("zeroprint_jobs_total{outcome=\"cancelled\"}") >= 1,
        "the worker counted the running job as cancelled");
  }

  @Test
  void anUnclaimedResultExpiresAndIsGone() {
    String id = submit("", "image/png", TestImages.encode(TestImages.gradient(24, 24), "png")).getString("job");

    List<String> states = states(events(id)); // the stream ends at done

    assertEquals("done", states.get(states.size() - 1));
    JsonObject end = awaitExpiry(id);
    assertEquals("result_gone", end.containsKey("code") ? end.getString("code")
        : end.getJsonObject("error").getString("code"));
    assertProblem(result(id, null), 410, "result_gone");
  }

  /**
   * Subscribes over the WebSocket and waits for the expiry event (or, if the sweep was quicker than
   * the subscription, the "gone" error the subscription then gets): an event, not a sleep.
   */
  private JsonObject awaitExpiry(String id) {
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "subscribe").put("job", id));
      return ws.await(m -> "expired".equals(m.getString("state")) || "error".equals(m.getString("type")));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
