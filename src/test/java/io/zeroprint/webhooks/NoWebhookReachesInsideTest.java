package io.zeroprint.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Production mode (a JWKS): a webhook never reaches this machine, whether named by address (refused
 * when the job is submitted) or by a name that resolves to it (refused after resolution, before any
 * connection). A listener on 127.0.0.1 counts every connection attempt: there must be none.
 */
class NoWebhookReachesInsideTest extends ServerTestBase {
  private static final byte[] SMALL = TestImages.encode(TestImages.gradient(16, 16), "png");

  private ServerSocket listener;
  private final AtomicInteger connections = new AtomicInteger();

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("webhooks", new JsonObject().put("allowedHosts", "127.0.0.1,localhost,[::1]")
        .put("maxAttempts", 2).put("timeoutSeconds", 1));
  }

  @BeforeAll
  void listen() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!listener.isClosed()) {
        try (Socket s = listener.accept()) {
          connections.incrementAndGet();
        } catch (IOException closed) {
          return;
        }
      }
    }, "webhook-bait");
    t.setDaemon(true);
    t.start();
  }

  @AfterAll
  void stopListening() throws IOException {
    listener.close();
  }

  @AfterEach
  void nothingIsLeftBehindAndNothingConnected() {
    assertBuffersReleased();
    assertEquals(0, connections.get(), "connections to the listener on 127.0.0.1");
  }

  @Test
  void loopbackAddressesAreRefusedWhenTheJobIsSubmitted() {
    for (String url : new String[] {"https://127.0.0.1:" + port() + "/", "http://127.0.0.1:" + port() + "/",
        "https://[::1]:" + port() + "/"}) {
      JsonObject p = assertProblem(submit(url), 400, "webhook_not_allowed");
      assertTrue(p.getString("detail").startsWith("The webhook is refused"), p.encode());
    }
  }

  @Test
  void aNameThatResolvesToLoopbackIsRefusedAfterResolutionWithoutAConnection() throws Exception {
    double before = metric("zeroprint_webhook_deliveries_total{outcome=\"refused\"}");
    HttpResponse<byte[]> accepted = submit("https://localhost:" + port() + "/hook");
    assertEquals(202, accepted.statusCode(), () -> new String(accepted.body(), StandardCharsets.UTF_8));
    String id = new JsonObject(new String(accepted.body(), StandardCharsets.UTF_8)).getString("job");

    JsonObject webhook = awaitRefused(id);
    assertEquals(0, webhook.getInteger("attempts"), "no attempt was made");
    assertNull(webhook.getInteger("lastStatus"));
    assertEquals("localhost", webhook.getString("host"));
    assertEquals(before + 1, metric("zeroprint_webhook_deliveries_total{outcome=\"refused\"}"));
    assertEquals(200, get("/v1/jobs/" + id + "/result").statusCode(), "the job itself is unharmed");
  }

  @Test
  void aHostOffTheAllowListIsRefused() {
    assertProblem(submit("https://hooks.example.com/"), 400, "webhook_not_allowed");
  }

  @Test
  void aSynchronousRequestTakesNoWebhook() {
    JsonObject p = assertProblem(postRaw("/v1/enhance?webhook=" + URLEncoder.encode("https://localhost/",
        StandardCharsets.UTF_8), "image/png", SMALL), 400, "webhook_not_allowed");
    assertTrue(p.getString("detail").contains("jobs"), p.encode());
  }

  private JsonObject awaitRefused(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = new JsonObject(new String(get("/v1/jobs/" + id).body(), StandardCharsets.UTF_8)).getJsonObject("webhook");
      if (last != null && "refused".equals(last.getString("outcome"))) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the webhook was not refused: " + last);
  }

  private HttpResponse<byte[]> submit(String webhook) {
    return postRaw("/v1/jobs?webhook=" + URLEncoder.encode(webhook, StandardCharsets.UTF_8), "image/png", SMALL);
  }

  private int port() {
    return listener.getLocalPort();
  }
}
