package io.zeroprint.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;

/**
 * The caller can see and erase what the server holds about them; and after a run full of
 * security events, nothing logged holds a token, a client address, a raw subject or image bytes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataRightsAndLogsTest extends ServerTestBase {
  private static final String SUBJECT = "erin@example.org";
  private static final String TOKEN = TestTokens.token(SUBJECT, "enhance admin");
  private static final int WINDOWS = 200;
  private static final int WINDOW = 12;
  private LogCapture logs;

  @BeforeAll
  void captureLogs() {
    logs = LogCapture.install();
  }

  @AfterAll
  void releaseLogs() {
    logs.close();
  }

  @Test
  @Order(1)
  void dataShowsTheCallersJobAndEraseCancelsItAndLeavesNothing() throws Exception {
    byte[] jpeg = resource("images/rocket.jpg");
    var dispatched = jobsDispatched(1);
    CompletableFuture<HttpResponse<byte[]>> job = http.sendAsync(as(TOKEN, "/v1/enhance?scale=4")
        .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    await(dispatched, "the first job to reach the worker");

    JsonObject data = json(send(as(TOKEN, "/v1/me/data").GET().build()));
    assertEquals(SUBJECT, data.getString("subject"));
    assertEquals(1, data.getJsonArray("jobs").size());
    JsonObject request = data.getJsonArray("jobs").getJsonObject(0);
    assertEquals("request", request.getString("kind"), "a synchronous request is listed as one");
    assertTrue(List.of("queued", "running").contains(request.getString("state")), request.encode());

    JsonObject erased = json(send(as(TOKEN, "/v1/me").DELETE().build()));
    assertEquals(1, erased.getJsonObject("erased").getInteger("jobsCancelled"));
    assertProblem(job.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), 409, "cancelled");
    assertBuffersReleased();

    JsonObject after = json(send(as(TOKEN, "/v1/me/data").GET().build()));
    assertEquals(0, after.getJsonArray("jobs").size());
    assertEquals(0, after.getJsonArray("retainedResults").size());
  }

  @Test
  @Order(2)
  void securityEventsAreAuditedUnderAPseudonym() {
    send(as("not-a-token", "/v1/me/data").GET().build());
    send(as(TestTokens.token(SUBJECT, "profile"), "/v1/enhance").POST(HttpRequest.BodyPublishers.noBody()).build());
    send(as(TOKEN, "/v1/admin/status").GET().build());

    List<JsonObject> audit = logs.lines().stream().filter(l -> l.startsWith(io.zeroprint.privacy.AuditLog.LOGGER))
        .map(l -> new JsonObject(l.substring(l.indexOf('{'), l.lastIndexOf('}') + 1))).toList();
    List<String> events = audit.stream().map(a -> a.getString("event")).toList();
    assertTrue(events.containsAll(List.of("erasure", "auth_failure", "forbidden", "admin_access")), events.toString());
    audit.stream().map(a -> a.getString("subject")).forEach(s -> assertTrue(s.equals("-") || s.matches("[0-9a-f]{24}"), s));
  }

  @Test
  @Order(3)
  void nothingLoggedHoldsATokenAnAddressARawSubjectOrImageBytes() {
    send(as(TOKEN, "/v1/enhance").header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(resource("images/chelsea.png"))).build());
    String text = logs.text();

    assertFalse(text.isEmpty(), "the capture saw the server's logs");
    for (String secret : List.of(TOKEN, TOKEN.split("\\.")[2], SUBJECT,
        "127.0.0.1", "not-a-token")) {
      assertFalse(text.contains(secret), "log holds " + secret);
    }
    assertNoWindowOf(resource("images/rocket.jpg"), text);
    assertNoWindowOf(resource("images/chelsea.png"), text);
  }

  /** No {@value #WINDOW}-byte run of the image appears in the log text. */
  private static void assertNoWindowOf(byte[] image, String text) {
    Random r = new Random(7);
    String latin = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    for (int i = 0; i < WINDOWS; i++) {
      int at = r.nextInt(image.length - WINDOW);
      String window = new String(image, at, WINDOW, StandardCharsets.ISO_8859_1);
      assertFalse(latin.contains(window) || text.contains(window), "image bytes at " + at + " found in the logs");
    }
  }

  private HttpRequest.Builder as(String token, String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token);
  }

  private static JsonObject json(HttpResponse<byte[]> resp) {
    assertEquals(200, resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8));
    return new JsonObject(new String(resp.body(), StandardCharsets.UTF_8));
  }
}
