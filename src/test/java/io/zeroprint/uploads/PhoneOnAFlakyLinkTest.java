package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.webhooks.NodeReceiver;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A mobile backend's whole round trip: the reference tus client sends a photo for a portrait over a
 * link that drops twice, the job's end arrives as a webhook that the standardwebhooks library
 * verifies, the result is fetched once, and no image memory is left. (Development mode: a plain-http
 * webhook to a loopback receiver is allowed.)
 */
class PhoneOnAFlakyLinkTest extends ServerTestBase {
  private static final int CHUNK = 16 * 1024;

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("auth", new JsonObject().put("jwks", ""))
        .put("webhooks", new JsonObject().put("allowedHosts", "127.0.0.1"));
  }

  @Test
  void aPhotoSentOverALinkThatDropsTwiceEndsInAVerifiedWebhookAndOneResult() throws Exception {
    String token = server.developmentToken().orElseThrow();
    byte[] photo = resource("images/rocket.jpg");
    Path file = Files.createTempFile("zeroprint-phone", ".jpg"); // the phone's own copy, not the server's
    List<String> secrets = new JsonObject(new String(get("/v1/me/webhook-secret", token).body(), StandardCharsets.UTF_8))
        .getJsonArray("secrets").stream().map(String.class::cast).toList();
    try (NodeReceiver backend = new NodeReceiver(secrets, "204", TIMEOUT);
        CuttingProxy link = new CuttingProxy(server.port(), 30_000, 75_000)) {
      Files.write(file, photo);
      JsonObject out = TusJsClient.upload("http://127.0.0.1:" + link.port() + "/v1/uploads", token, file, CHUNK,
          new JsonObject().put("effect", "portrait").put("webhook", "http://127.0.0.1:" + backend.port() + "/zeroprint"),
          TIMEOUT);
      assertEquals(2, link.cuts(), "the link dropped twice");
      String job = out.getString("job");

      JsonObject delivery = backend.next(TIMEOUT);
      assertEquals(new JsonArray().add(true), delivery.getJsonArray("verified"), delivery.encode());
      assertEquals(job, delivery.getJsonObject("event").getString("job"));
      assertEquals("done", delivery.getJsonObject("event").getString("state"));

      HttpResponse<byte[]> result = get("/v1/jobs/" + job + "/result", token);
      assertEquals(200, result.statusCode());
      assertEquals(io.zeroprint.Pixels.decode(photo).getWidth(), io.zeroprint.Pixels.decode(result.body()).getWidth());
      assertEquals(410, get("/v1/jobs/" + job + "/result", token).statusCode(), "delivered once");
      assertTrue(backend.pending() == 0, "one delivery for one job");
    } finally {
      Files.deleteIfExists(file);
    }
    assertBuffersReleased();
  }

  private HttpResponse<byte[]> get(String path, String token) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token).GET().build());
  }
}
