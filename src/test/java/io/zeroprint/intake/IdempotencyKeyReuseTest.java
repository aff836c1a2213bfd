package io.zeroprint.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.WsClient;
import org.junit.jupiter.api.Test;

/**
 * An idempotency key reused on a second socket attaches nothing to the first job: before, the second
 * socket's upload replaced the first one's way of cancelling, so closing both left the first upload's
 * memory in use for good, and repeating it exhausted the budget for everyone.
 */
class IdempotencyKeyReuseTest extends ServerTestBase {
  private static final int ANNOUNCED = 100_000;
  private static final int SENT = 50_000;

  @Test
  void aKeyReusedOnASecondSocketAttachesNothingAndBothClosesLeaveNoMemoryInUse() throws Exception {
    for (int round = 0; round < 3; round++) {
      String key = "K" + round;
      WsClient a = new WsClient(server.port(), TOKEN, TIMEOUT);
      WsClient b = new WsClient(server.port(), TOKEN, TIMEOUT);
      a.send(submit(key));
      String job = a.await(WsClient.type("accepted")).getString("job");
      a.sendBinary(new byte[SENT]);
      a.await(m -> "job".equals(m.getString("type")) && m.getJsonObject("progress").getJsonObject("upload")
          .getLong("received") == SENT);

      b.send(submit(key));
      JsonObject replay = b.await(WsClient.type("accepted"));
      assertEquals(job, replay.getString("job"), "the same job");
      assertTrue(replay.getBoolean("replayed"));
      b.sendBinary(new byte[SENT]);
      JsonObject refused = b.await(WsClient.type("error"));
      assertEquals("malformed_request", refused.getString("code"), "nothing to attach bytes to");

      a.close();
      b.close();
      assertBuffersReleased();
    }
  }

  private static JsonObject submit(String key) {
    return new JsonObject().put("type", "submit").put("size", ANNOUNCED).put("idempotencyKey", key);
  }
}
