package io.zeroprint.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every request ends with a signed receipt: its link comes with the answer, its signature checks out
 * with the published key, and its zeroed-bytes figure is the pool's own count for the request.
 */
class ReceiptsOverTheApiTest extends ServerTestBase {
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(40, 30), "png");

  @Test
  void aSynchronousRequestsReceiptIsSignedAndCountsExactlyTheMemoryItZeroed() throws Exception {
    assertBuffersReleased();
    long zeroedBefore = server.store().stats().zeroedBytes();

    HttpResponse<byte[]> resp = postRaw("/v1/enhance", "image/png", IMAGE);

    assertEquals(200, resp.statusCode());
    String id = resp.headers().firstValue("Zeroprint-Request-Id").orElseThrow();
    assertEquals("</v1/receipts/" + id + ">; rel=\"receipt\"", resp.headers().firstValue("Link").orElseThrow());
    JsonObject claims = verified(receipt(id));
    assertBuffersReleased();
    long zeroed = server.store().stats().zeroedBytes() - zeroedBefore;
    assertEquals(id, claims.getString("jti"));
    assertEquals("upscale", claims.getString("effect"));
    assertEquals(IMAGE.length, claims.getLong("bytes_received"));
    assertEquals(zeroed, claims.getLong("bytes_zeroed"), "attributed by the pool");
    assertTrue(zeroed > IMAGE.length, "upload, pixels, tiles and result were all zeroed");
    assertTrue(claims.getBoolean("delivered"));
    assertNull(claims.getValue("retained_until"));
    assertEquals(0, claims.getInteger("files_written"));
  }

  @Test
  void aRefusedRequestHasAReceiptToo() throws Exception {
    HttpResponse<byte[]> resp = postRaw("/v1/enhance", "image/png", TestImages.truncated(IMAGE, 0.5));

    assertProblem(resp, 422, "corrupt_image");
    JsonObject claims = verified(receipt(resp.headers().firstValue("Zeroprint-Request-Id").orElseThrow()));
    assertEquals(false, claims.getBoolean("delivered"));
    assertTrue(claims.getLong("bytes_zeroed") > 0, "the upload was zeroed");
  }

  @Test
  void aWebSocketDeliveryEndsWithTheReceiptAndJobEventsLinkIt() throws Exception {
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "submit").put("size", IMAGE.length));
      String job = ws.await(WsClient.type("accepted")).getString("job");
      JsonObject event = ws.await(WsClient.jobIn(job, "receiving"));
      assertEquals("/v1/receipts/" + job, event.getJsonObject("links").getString("receipt"));
      ws.sendBinary(IMAGE);

      JsonObject end = ws.await(WsClient.type("result-end"));

      JsonObject claims = verified(end.getString("receipt"));
      assertEquals(job, claims.getString("jti"));
      assertTrue(claims.getBoolean("delivered"));
      assertEquals(IMAGE.length, claims.getLong("bytes_received"));
    }
  }

  @Test
  void someoneElsesReceiptIsNotFound() throws Exception {
    HttpResponse<byte[]> resp = postRaw("/v1/enhance", "image/png", IMAGE);
    String id = resp.headers().firstValue("Zeroprint-Request-Id").orElseThrow();
    receipt(id);
    String other = io.zeroprint.TestTokens.token("someone-else", "enhance");
    assertProblem(send(HttpRequest.newBuilder(uri("/v1/receipts/" + id)).header("Authorization", "Bearer " + other)
        .GET().build()), 404, "not_found");
  }

  /** The receipt, once issued: 409 with Retry-After while the request still holds memory. */
  private String receipt(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<byte[]> r = get("/v1/receipts/" + id);
      if (r.statusCode() == 200) {
        return new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getString("receipt");
      }
      assertProblem(r, 409, "receipt_not_ready");
      TimeUnit.SECONDS.sleep(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()));
    }
    throw new AssertionError("no receipt for " + id + " within " + TIMEOUT);
  }

  private JsonObject verified(String jws) {
    HttpResponse<byte[]> key = send(HttpRequest.newBuilder(uri("/.well-known/zeroprint-receipt-key")).GET().build());
    assertEquals(200, key.statusCode());
    assertEquals("application/jwk+json", key.headers().firstValue("content-type").orElse(""));
    return new ReceiptVerifier(new JsonObject(new String(key.body(), StandardCharsets.UTF_8))).verify(jws);
  }
}
