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
import java.time.Duration;
import java.util.List;

/**
 * A mobile backend's whole round trip: the reference tus client sends a photo for a portrait over a
 * link that drops at given points, the job's end arrives as a webhook that the standardwebhooks
 * library verifies, and the result is fetched once. (Development mode: a plain-http webhook to a
 * loopback receiver is allowed.)
 */
abstract class FlakyLinkRoundTrip extends ServerTestBase {
  @Override
  protected JsonObject overrides() {
    return super.overrides().put("auth", new JsonObject().put("jwks", ""))
        .put("webhooks", new JsonObject().put("allowedHosts", "127.0.0.1"));
  }

  /**
   * Sends {@code photo} in chunks of {@code chunkBytes} through a link cut when the client has sent
   * each of {@code cutAt} bytes, waiting at most {@code wait} for each step; asserts the cuts, the
   * verified webhook and that the result can be fetched only once, and returns the result.
   */
  protected byte[] portraitOverAFlakyLink(byte[] photo, int chunkBytes, Duration wait, long... cutAt) throws Exception {
    String token = server.developmentToken().orElseThrow();
    List<String> secrets = new JsonObject(new String(get("/v1/me/webhook-secret", token).body(), StandardCharsets.UTF_8))
        .getJsonArray("secrets").stream().map(String.class::cast).toList();
    try (NodeReceiver backend = new NodeReceiver(secrets, "204", TIMEOUT);
        CuttingProxy link = new CuttingProxy(server.port(), cutAt)) {
      JsonObject out = TusJsClient.upload("http://127.0.0.1:" + link.port() + "/v1/uploads", token, photo, chunkBytes,
          new JsonObject().put("effect", "portrait").put("webhook", "http://127.0.0.1:" + backend.port() + "/zeroprint"),
          wait);
      assertEquals(cutAt.length, link.cuts(), "the link dropped as planned");
      List<Object> requests = out.getJsonArray("requests").getList();
      assertTrue(requests.stream().filter("HEAD"::equals).count() >= cutAt.length,
          "resumed from the server's offset after each drop: " + requests);
      String job = out.getString("job");

      JsonObject delivery = backend.next(wait);
      assertEquals(new JsonArray().add(true), delivery.getJsonArray("verified"), delivery.encode());
      assertEquals(job, delivery.getJsonObject("event").getString("job"));
      assertEquals("done", delivery.getJsonObject("event").getString("state"));

      HttpResponse<byte[]> result = get("/v1/jobs/" + job + "/result", token);
      assertEquals(200, result.statusCode());
      assertEquals(410, get("/v1/jobs/" + job + "/result", token).statusCode(), "delivered once");
      assertEquals(0, backend.pending(), "one delivery for one job");
      return result.body();
    }
  }

  private HttpResponse<byte[]> get(String path, String token) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token).GET().build());
  }
}
