package io.zeroprint.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ends other than {@code done} and {@code cancelled}, each announced to a real receiver that
 * verifies the signature: a job whose image turns out corrupt after it was admitted ({@code failed}),
 * and a result nobody fetched ({@code done}, then {@code expired} once the one-second TTL ran out).
 */
class WebhooksOnEveryEndTest extends ServerTestBase {
  private static final byte[] SMALL = TestImages.encode(TestImages.gradient(16, 16), "png");

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("auth", new JsonObject().put("jwks", ""))
        .put("jobs", new JsonObject().put("resultTtlSeconds", 1))
        .put("webhooks", new JsonObject().put("allowedHosts", "127.0.0.1").put("maxAttempts", 2)
            .put("timeoutSeconds", 1));
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void aJobWhoseImageTurnsOutCorruptIsAnnouncedAsFailedWithItsCode() throws Exception {
    byte[] cut = TestImages.truncated(resource("images/chelsea.png"), 0.5);
    try (NodeReceiver receiver = new NodeReceiver(secrets(), "204", TIMEOUT);
        WsClient ws = new WsClient(server.port(), token(), TIMEOUT)) {
      ws.send(new JsonObject().put("type", "submit").put("size", cut.length)
          .put("options", new JsonObject().put("webhook", "http://127.0.0.1:" + receiver.port() + "/failed")));
      String id = ws.await(WsClient.type("accepted")).getString("job");
      ws.sendBinary(cut);

      JsonObject d = receiver.next(TIMEOUT);
      assertEquals(new JsonArray().add(true), d.getJsonArray("verified"), d.encode());
      JsonObject event = d.getJsonObject("event");
      assertEquals(id, event.getString("job"));
      assertEquals("failed", event.getString("state"));
      assertEquals("corrupt_image", event.getJsonObject("error").getString("code"));
      assertFalse(event.containsKey("result"), event.encode());
    }
  }

  @Test
  void anUnfetchedResultIsAnnouncedDoneAndThenExpired() throws Exception {
    try (NodeReceiver receiver = new NodeReceiver(secrets(), "204", TIMEOUT)) {
      HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/v1/jobs?webhook=" + URLEncoder.encode(
              "http://127.0.0.1:" + receiver.port() + "/expired", StandardCharsets.UTF_8))).timeout(TIMEOUT)
          .header("Authorization", "Bearer " + token()).header("Content-Type", "image/png")
          .POST(HttpRequest.BodyPublishers.ofByteArray(SMALL)).build());
      assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
      String id = new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getString("job");

      JsonObject done = receiver.next(TIMEOUT);
      assertEquals("done", done.getJsonObject("event").getString("state"));
      JsonObject expired = receiver.next(TIMEOUT);
      assertEquals(new JsonArray().add(true), expired.getJsonArray("verified"), expired.encode());
      assertEquals(id, expired.getJsonObject("event").getString("job"));
      assertEquals("expired", expired.getJsonObject("event").getString("state"));
      assertFalse(done.getString("id").equals(expired.getString("id")), "two events, two webhook-ids");
    }
  }

  private List<String> secrets() {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/v1/me/webhook-secret")).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token()).GET().build());
    return new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getJsonArray("secrets").stream()
        .map(String.class::cast).toList();
  }

  private String token() {
    return server.developmentToken().orElseThrow();
  }
}
