package io.zeroprint.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks delivered to real receivers on this machine (development mode: no JWKS, so plain http to a
 * loopback host is allowed), each checked by the standardwebhooks library in Node. The signing key was
 * rotated moments ago, so every delivery carries two signatures, one per secret.
 */
class WebhookDeliveriesTest extends ServerTestBase {
  private static final int ATTEMPTS = 3;
  private static final String ATTEMPTS_2XX = "zeroprint_webhook_attempts_total{result=\"2xx\"}";
  private static final String ATTEMPTS_5XX = "zeroprint_webhook_attempts_total{result=\"5xx\"}";
  private static final String ATTEMPTS_ERROR = "zeroprint_webhook_attempts_total{result=\"error\"}";
  private static final byte[] SMALL = TestImages.encode(TestImages.gradient(16, 16), "png");

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("auth", new JsonObject().put("jwks", ""))
        .put("webhooks", new JsonObject().put("allowedHosts", "127.0.0.1, localhost").put("maxAttempts", ATTEMPTS)
            .put("timeoutSeconds", 1).put("signingKey", "the new key").put("previousSigningKey", "the old key")
            .put("previousKeyRetiredAt", Instant.now().toString()).put("previousKeyGraceSeconds", 3600));
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void duringTheGracePeriodTheOwnerReadsBothSecretsAndEveryDeliveryVerifiesUnderEach() throws Exception {
    List<String> secrets = secrets();
    assertEquals(2, secrets.size(), "the new secret and the previous one");
    assertTrue(secrets.stream().allMatch(s -> s.startsWith("whsec_")), secrets.toString());
    assertEquals(secrets.get(0), json(get("/v1/me/webhook-secret", token())).getString("secret"), "the current first");

    try (NodeReceiver receiver = new NodeReceiver(secrets, "204", TIMEOUT)) {
      String id = submit("http://127.0.0.1:" + receiver.port() + "/hooks");
      JsonObject d = receiver.next(TIMEOUT);
      assertEquals(new JsonArray().add(true).add(true), d.getJsonArray("verified"), d.encode());
      assertEquals(2, d.getInteger("signatures"));
      assertEquals(id, d.getJsonObject("event").getString("job"));
      assertEquals(200, get("/v1/jobs/" + id + "/result", token()).statusCode());
    }
    try (NodeReceiver oldOnly = new NodeReceiver(List.of(secrets.get(1)), "204", TIMEOUT);
        NodeReceiver someoneElses = new NodeReceiver(List.of("whsec_" + java.util.Base64.getEncoder()
            .encodeToString(new byte[32])), "204", TIMEOUT)) {
      String first = submit("http://127.0.0.1:" + oldOnly.port() + "/");
      String second = submit("http://127.0.0.1:" + someoneElses.port() + "/");
      assertEquals(new JsonArray().add(true), oldOnly.next(TIMEOUT).getJsonArray("verified"), "the old secret still verifies");
      assertEquals(new JsonArray().add(false), someoneElses.next(TIMEOUT).getJsonArray("verified"), "another secret does not");
      assertEquals(200, get("/v1/jobs/" + first + "/result", token()).statusCode());
      assertEquals(200, get("/v1/jobs/" + second + "/result", token()).statusCode());
    }
  }

  @Test
  void aReceiverThatFailsTwiceThenSucceedsGetsOneAcceptedDeliveryAfterThreeAttempts() throws Exception {
    double before = metric("zeroprint_webhook_deliveries_total{outcome=\"delivered\"}");
    double failedAttempts = metric(ATTEMPTS_5XX);
    double acceptedAttempts = metric(ATTEMPTS_2XX);
    try (NodeReceiver receiver = new NodeReceiver(secrets(), "500,503,204", TIMEOUT)) {
      String id = submit("http://127.0.0.1:" + receiver.port() + "/hooks/zeroprint?token=receiver-secret");
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < ATTEMPTS; i++) {
        JsonObject d = receiver.next(TIMEOUT);
        assertEquals("POST", d.getString("method"));
        assertEquals("/hooks/zeroprint?token=receiver-secret", d.getString("url"));
        assertEquals(new JsonArray().add(true).add(true), d.getJsonArray("verified"), d.encode());
        ids.add(d.getString("id"));
        JsonObject event = d.getJsonObject("event");
        assertEquals("done", event.getString("state"));
        assertEquals(id, event.getString("job"));
        assertEquals("/v1/jobs/" + id + "/result", event.getJsonObject("result").getString("href"), "fetched by link");
        assertFalse(event.encode().contains("result_key") || event.encode().contains("landmarks"), event.encode());
      }
      assertEquals(1, ids.size(), "one message, retried under one webhook-id");

      JsonObject webhook = awaitWebhook(id, w -> w.getBoolean("delivered"));
      assertEquals(ATTEMPTS, webhook.getInteger("attempts"));
      assertEquals(204, webhook.getInteger("lastStatus"));
      assertEquals("127.0.0.1", webhook.getString("host"));
      assertFalse(webhook.encode().contains("receiver-secret"), "the URL's path and query are never shown");
      assertEquals(before + 1, metric("zeroprint_webhook_deliveries_total{outcome=\"delivered\"}"));
      assertEquals(failedAttempts + 2, metric(ATTEMPTS_5XX), "each attempt counted by its answer");
      assertEquals(acceptedAttempts + 1, metric(ATTEMPTS_2XX));

      assertEquals(200, get("/v1/jobs/" + id + "/result", token()).statusCode(), "the result, fetched once");
      HttpResponse<byte[]> gone = get("/v1/jobs/" + id, token());
      JsonObject tombstone = assertProblem(gone, 410, "result_gone");
      assertEquals(ATTEMPTS, tombstone.getJsonObject("webhook").getInteger("attempts"), "the tombstone keeps it");
      Thread.sleep(500);
      assertEquals(0, receiver.pending(), "no delivery after one was accepted");
    }
  }

  @Test
  void aDeadReceiverIsGivenUpAfterTheBoundedAttempts() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    double before = metric("zeroprint_webhook_deliveries_total{outcome=\"failed\"}");
    double unanswered = metric(ATTEMPTS_ERROR);
    String id = submit("http://127.0.0.1:" + closedPort + "/");

    JsonObject webhook = awaitWebhook(id, w -> "failed".equals(w.getString("outcome")));
    assertEquals(ATTEMPTS, webhook.getInteger("attempts"));
    assertNull(webhook.getInteger("lastStatus"), "never answered");
    assertFalse(webhook.getBoolean("delivered"));
    assertEquals(before + 1, metric("zeroprint_webhook_deliveries_total{outcome=\"failed\"}"));
    assertEquals(unanswered + ATTEMPTS, metric(ATTEMPTS_ERROR), "an attempt with no answer is an error");
    assertEquals(200, get("/v1/jobs/" + id + "/result", token()).statusCode());
  }

  @Test
  void aReceiverThatNeverAnswersIsGivenUpWithoutHoldingUpOtherWork() throws Exception {
    try (NodeReceiver slow = new NodeReceiver(secrets(), "hang", TIMEOUT)) {
      String id = submit("http://localhost:" + slow.port() + "/slow");
      JsonObject first = slow.next(TIMEOUT);
      assertEquals("localhost:" + slow.port(), first.getString("host"), "Host names the host the job gave");

      long start = System.nanoTime();
      assertEquals(200, send(HttpRequest.newBuilder(uri("/v1/enhance")).timeout(TIMEOUT)
          .header("Authorization", "Bearer " + token()).header("Content-Type", "image/png")
          .POST(HttpRequest.BodyPublishers.ofByteArray(SMALL)).build()).statusCode(), "other work goes on");
      long otherWorkMillis = (System.nanoTime() - start) / 1_000_000;

      JsonObject webhook = awaitWebhook(id, w -> "failed".equals(w.getString("outcome")));
      assertEquals(ATTEMPTS, webhook.getInteger("attempts"));
      assertNull(webhook.getInteger("lastStatus"));
      for (int i = 1; i < ATTEMPTS; i++) {
        slow.next(TIMEOUT);
      }
      assertTrue(otherWorkMillis < 1_000 * ATTEMPTS, "a synchronous request took " + otherWorkMillis + " ms");
      assertEquals(200, get("/v1/jobs/" + id + "/result", token()).statusCode());
    }
  }

  @Test
  void aReceiverAnsweringGoneIsNotAskedAgain() throws Exception {
    try (NodeReceiver receiver = new NodeReceiver(secrets(), "410", TIMEOUT)) {
      String id = submit("http://127.0.0.1:" + receiver.port() + "/");
      receiver.next(TIMEOUT);
      JsonObject webhook = awaitWebhook(id, w -> "gone".equals(w.getString("outcome")));
      assertEquals(1, webhook.getInteger("attempts"));
      assertEquals(410, webhook.getInteger("lastStatus"));
      assertEquals(200, get("/v1/jobs/" + id + "/result", token()).statusCode());
      Thread.sleep(1_500);
      assertEquals(0, receiver.pending());
    }
  }

  @Test
  void aCancelledJobIsAnnouncedToo() throws Exception {
    try (NodeReceiver receiver = new NodeReceiver(secrets(), "204", TIMEOUT);
        io.zeroprint.WsClient ws = new io.zeroprint.WsClient(server.port(), token(), TIMEOUT)) {
      ws.send(new JsonObject().put("type", "submit").put("size", SMALL.length)
          .put("options", new JsonObject().put("webhook", "http://127.0.0.1:" + receiver.port() + "/ws")));
      String id = ws.await(io.zeroprint.WsClient.type("accepted")).getString("job");
      ws.send(new JsonObject().put("type", "cancel").put("job", id));
      JsonObject d = receiver.next(TIMEOUT);
      assertEquals("cancelled", d.getJsonObject("event").getString("state"));
      assertEquals(new JsonArray().add(true).add(true), d.getJsonArray("verified"));
    }
  }

  private String submit(String webhook) {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/v1/jobs?webhook="
            + URLEncoder.encode(webhook, StandardCharsets.UTF_8))).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token()).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(SMALL)).build());
    assertEquals(202, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    return json(r).getString("job");
  }

  /** Polls the job (or its tombstone) until its webhook matches, failing after the timeout. */
  private JsonObject awaitWebhook(String id, Predicate<JsonObject> done) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = json(get("/v1/jobs/" + id, token())).getJsonObject("webhook");
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the webhook did not get there: " + last);
  }

  private List<String> secrets() {
    return json(get("/v1/me/webhook-secret", token())).getJsonArray("secrets").stream().map(String.class::cast).toList();
  }

  private HttpResponse<byte[]> get(String path, String token) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token).GET().build());
  }

  private String token() {
    return server.developmentToken().orElseThrow();
  }

  private static JsonObject json(HttpResponse<byte[]> r) {
    return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
  }
}
