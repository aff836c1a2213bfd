package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a browser-like WebSocket client sends — unfragmented messages, typed or not — gets an answer. */
class WebSocketMessagesTest extends ServerTestBase {
  /** Within the documented "each ≤ 256 KiB", and far above one 64 KiB frame. */
  private static final int LARGE_MESSAGE = 240 * 1024;

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void anUploadSentAsOneLargeUnfragmentedMessageIsAccepted() throws Exception {
    byte[] image = TestImages.encode(TestImages.noise(192, 192, 3), "png");
    assertEquals(true, image.length > 64 * 1024 && image.length <= LARGE_MESSAGE, "test image size " + image.length);
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "submit").put("size", image.length).put("options",
          new JsonObject().put("effect", "cutout")));
      ws.await(WsClient.type("accepted"));
      ws.sendBinary(image);
      JsonObject end = ws.await(WsClient.type("result-end"));
      assertEquals(64, end.getString("sha256").length());
    }
  }

  @Test
  void aMalformedSubmitGetsAnErrorMessageAndTheSocketStaysUsable() throws Exception {
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT).hostile()) {
      ws.send(new JsonObject().put("type", "submit").put("size", "abc"));
      assertEquals("malformed_request", ws.await(WsClient.type("error")).getString("code"));
      ws.send(new JsonObject().put("type", "submit").put("size", 10).put("options", "x"));
      assertEquals("invalid_option", ws.await(WsClient.type("error")).getString("code"));
      ws.sendText("not json");
      assertEquals("malformed_request", ws.await(WsClient.type("error")).getString("code"));
      ws.send(new JsonObject().put("type", "subscribe"));
      assertEquals("malformed_request", ws.await(WsClient.type("error")).getString("code"));
      ws.send(new JsonObject().put("type", "subscribe").put("job", "no-such-job"));
      assertEquals("not_found", ws.await(WsClient.type("error")).getString("code"));
    }
  }

  @Test
  void aWebSocketUploadThatNeverFinishesIsCutOffAtTheUploadDeadline() throws Exception {
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "submit").put("size", 1000));
      String job = ws.await(WsClient.type("accepted")).getString("job");
      ws.sendBinary(new byte[10]);

      JsonObject timedOut = ws.await(WsClient.type("error"));

      assertEquals("upload_timeout", timedOut.getString("code"));
      assertEquals(job, timedOut.getString("job"));
      assertArrayEquals(new byte[0], ws.binary());
    }
  }

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("limits").put("uploadDeadlineSeconds", 2);
    return o;
  }
}
