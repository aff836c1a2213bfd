package io.zeroprint.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-subject read limit, daily quota and in-flight cap: 429 with Retry-After and RateLimit-* headers. */
class SubjectLimitsTest extends ServerTestBase {
  private static final int PER_MINUTE = 3;
  private static final byte[] SMALL = TestImages.encode(TestImages.gradient(16, 16), "png");

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("abuse").put("perSubjectPerMinute", PER_MINUTE).put("readsPerSubjectPerMinute", PER_MINUTE)
        .put("maxConcurrentPerSubject", 1);
    return o;
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void theRequestAfterTheLimitGets429WithHeadersAndOtherSubjectsAreUnaffected() {
    String alice = TestTokens.token("alice", "enhance");
    for (int i = 1; i <= PER_MINUTE; i++) {
      HttpResponse<byte[]> ok = getAs(alice, "/v1/me/data");
      assertEquals(200, ok.statusCode());
      assertEquals(String.valueOf(PER_MINUTE), ok.headers().firstValue("ratelimit-limit").orElse(""));
      assertEquals(String.valueOf(PER_MINUTE - i), ok.headers().firstValue("ratelimit-remaining").orElse(""));
    }

    HttpResponse<byte[]> limited = getAs(alice, "/v1/me/data");

    assertProblem(limited, 429, "rate_limited");
    assertTrue(Integer.parseInt(limited.headers().firstValue("retry-after").orElse("0")) >= 1);
    assertTrue(limited.headers().firstValue("ratelimit-reset").isPresent());
    assertEquals(200, getAs(TestTokens.token("bob", "enhance"), "/v1/me/data").statusCode());
  }

  @Test
  void theDailyQuotaFromTheTokenIsEnforced() {
    String token = TestTokens.sign(TestTokens.claims("carol", "enhance").put("zeroprint_daily_quota", 2));
    assertEquals(200, enhanceAs(token).statusCode());
    assertEquals(200, enhanceAs(token).statusCode());

    HttpResponse<byte[]> third = enhanceAs(token);

    assertProblem(third, 429, "quota_exceeded");
    assertTrue(third.headers().firstValue("retry-after").isPresent());
  }

  @Test
  void aSecondConcurrentRequestOfTheSameSubjectIsRefused() throws Exception {
    String token = TestTokens.token("dave", "enhance");
    var dispatched = jobsDispatched(1);
    CompletableFuture<HttpResponse<byte[]>> slow = http.sendAsync(HttpRequest.newBuilder(uri("/v1/enhance?scale=4"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "image/jpeg")
        .POST(HttpRequest.BodyPublishers.ofByteArray(resource("images/rocket.jpg"))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    await(dispatched, "the first job to reach the worker");

    assertProblem(enhanceAs(token), 429, "too_many_jobs");
    assertEquals(200, slow.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode());
  }

  private HttpResponse<byte[]> getAs(String token, String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build());
  }

  private HttpResponse<byte[]> enhanceAs(String token) {
    return send(HttpRequest.newBuilder(uri("/v1/enhance")).header("Authorization", "Bearer " + token)
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(SMALL)).build());
  }
}
