package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import org.junit.jupiter.api.Test;

/** A WebSocket {@code cancel} does what {@code DELETE /v1/jobs/{id}} does, retained results included. */
class WebSocketCancelTest extends JobsTestBase {
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(24, 16), "png");

  @Test
  void aCancelOverTheWebSocketErasesARetainedResultAsDeleteDoes() throws Exception {
    JsonObject accepted = submit("?retain=PT1H", "image/png", IMAGE);
    String id = accepted.getString("job");
    String key = accepted.getString("result_key");
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "subscribe").put("job", id));
      ws.await(WsClient.jobIn(id, "done"));

      ws.send(new JsonObject().put("type", "cancel").put("job", id));
      ws.await(WsClient.jobIn(id, "cancelled"));
    }

    assertProblem(result(id, key), 410, "result_gone");
    assertBuffersReleased();
  }

  @Test
  void aCancelOfAJobThatIsGoneIsAnErrorAndTheSocketStaysUsable() throws Exception {
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "cancel").put("job", "no-such-job"));
      JsonObject error = ws.await(WsClient.type("error"));
      assertEquals("not_found", error.getString("code"));
      assertEquals("no-such-job", error.getString("job"));
    }
  }
}
