package io.zeroprint.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every /v1 route and /metrics need a valid token; each way a token can be bad is a 401. */
class JwtAuthenticationTest extends ServerTestBase {
  private static final byte[] SMALL = io.zeroprint.TestImages.encode(io.zeroprint.TestImages.gradient(16, 16), "png");

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void aRequestWithoutATokenIsUnauthorized() {
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/v1/enhance")).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(SMALL)).build());
    assertProblem(resp, 401, "unauthorized");
    assertEquals("Bearer", resp.headers().firstValue("www-authenticate").orElse(""));
  }

  @Test
  void anExpiredTokenIsUnauthorized() {
    long past = Instant.now().getEpochSecond() - 7200;
    assertRejected(TestTokens.sign(TestTokens.claims("u", "enhance").put("iat", past - 60).put("exp", past)));
  }

  @Test
  void aTokenWithoutExpiryIsUnauthorized() {
    JsonObject claims = TestTokens.claims("u", "enhance");
    claims.remove("exp");
    assertRejected(TestTokens.sign(claims));
  }

  @Test
  void aTokenForAnotherAudienceIsUnauthorized() {
    assertRejected(TestTokens.sign(TestTokens.claims("u", "enhance").put("aud", "someone-else")));
  }

  @Test
  void aTokenFromAnotherIssuerIsUnauthorized() {
    assertRejected(TestTokens.sign(TestTokens.claims("u", "enhance").put("iss", "https://evil.example")));
  }

  @Test
  void aTamperedSignatureIsUnauthorized() {
    String good = TestTokens.token("u", "enhance");
    char last = good.charAt(good.length() - 5);
    assertRejected(good.substring(0, good.length() - 5) + (last == 'A' ? 'B' : 'A') + good.substring(good.length() - 4));
  }

  @Test
  void aTamperedPayloadIsUnauthorized() {
    String[] parts = TestTokens.token("u", "enhance").split("\\.");
    String otherPayload = TestTokens.token("admin-wannabe", "enhance admin").split("\\.")[1];
    assertRejected(parts[0] + "." + otherPayload + "." + parts[2]);
  }

  @Test
  void anUnsignedAlgNoneTokenIsUnauthorized() {
    assertRejected(TestTokens.unsigned(TestTokens.claims("u", "enhance admin")));
  }

  @Test
  void anHs256TokenSignedWithThePublicKeyIsUnauthorized() {
    assertRejected(TestTokens.hs256WithPublicKey(TestTokens.claims("u", "enhance admin")));
  }

  @Test
  void aTokenWithoutTheEnhanceScopeIsForbidden() {
    assertProblem(postAs(TestTokens.token("reader", "profile"), "/v1/enhance"), 403, "forbidden");
  }

  @Test
  void theMetricsNeedTheAdminScope() {
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/metrics"))
        .header("Authorization", "Bearer " + TestTokens.token("u", "enhance")).GET().build());
    assertProblem(resp, 403, "forbidden");
  }

  @Test
  void aValidTokenWithTheScopeIsServed() {
    HttpResponse<byte[]> resp = postAs(TestTokens.token("someone", "enhance"), "/v1/enhance");
    assertEquals(200, resp.statusCode());
    assertEquals("image/png", resp.headers().firstValue("content-type").orElse(""));
  }

  @Test
  void healthNeedsNoToken() {
    assertEquals(200, send(HttpRequest.newBuilder(uri("/health/ready")).GET().build()).statusCode());
  }

  private void assertRejected(String token) {
    assertProblem(postAs(token, "/v1/enhance"), 401, "unauthorized");
  }

  private HttpResponse<byte[]> postAs(String token, String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(SMALL)).build());
  }
}
