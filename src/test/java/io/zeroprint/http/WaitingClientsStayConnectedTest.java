package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.RawWebSocket;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import io.zeroprint.bus.Bus;
import io.zeroprint.contract.SseEvents;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The idle timeout (1 s here) is for silent clients, not for clients waiting while the server works:
 * the worker here takes {@value #WORKER_DELAY_MILLIS} ms to pick each job up, as it would behind a queue.
 */
class WaitingClientsStayConnectedTest extends ServerTestBase {
  private static final long WORKER_DELAY_MILLIS = 2_500;
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(16, 16), "png");

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("http", new JsonObject().put("port", 0).put("instances", 1).put("idleTimeoutSeconds", 1));
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void aSynchronousRequestLongerThanTheIdleTimeoutGetsItsAnswer() {
    slowWorker();
    long started = System.nanoTime();

    HttpResponse<byte[]> resp = postRaw("/v1/enhance", "image/png", IMAGE);

    assertEquals(200, resp.statusCode());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= WORKER_DELAY_MILLIS, "it did wait");
  }

  @Test
  void anEventStreamIsKeptOpenWithPingsWhileTheJobWaits() throws Exception {
    slowWorker();
    HttpResponse<byte[]> accepted = postRaw("/v1/jobs", "image/png", IMAGE);
    String id = new JsonObject(new String(accepted.body(), StandardCharsets.UTF_8)).getString("job");

    HttpResponse<java.util.stream.Stream<String>> events = http.send(request("/v1/jobs/" + id + "/events").GET()
        .build(), HttpResponse.BodyHandlers.ofLines());
    List<String> lines = events.body().toList();

    assertTrue(lines.contains(": ping"), "pings while nothing happened");
    List<JsonObject> sent = SseEvents.of(lines.stream()).toList();
    assertEquals("done", sent.get(sent.size() - 1).getString("state"), "the stream lasted to the end");
    assertEquals(200, get("/v1/jobs/" + id + "/result").statusCode());
  }

  @Test
  void aWebSocketClientWaitingLongerThanTheIdleTimeoutGetsItsResult() throws Exception {
    slowWorker();
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "submit").put("size", IMAGE.length));
      ws.await(WsClient.type("accepted"));
      ws.sendBinary(IMAGE);
      ws.await(WsClient.type("result-end"));
      assertTrue(!ws.isClosed());
    }
  }

  @Test
  void aWebSocketPeerThatStopsAnsweringPingsIsClosed() throws Exception {
    try (RawWebSocket peer = new RawWebSocket(server.port(), authHeader(), TIMEOUT)) {
      // Never answer: the server pings, gives up and closes ("going away").
      assertEquals(1001, peer.awaitCloseCode());
    }
  }

  /** Every job waits {@value #WORKER_DELAY_MILLIS} ms before the worker gets it. */
  private void slowWorker() {
    intercept(ctx -> {
      if (Bus.ENHANCE.equals(ctx.message().address())) {
        server.vertx().setTimer(WORKER_DELAY_MILLIS, id -> ctx.next());
      } else {
        ctx.next();
      }
    });
  }
}
