package io.zeroprint.jobs;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (Vert.x) for tests: authenticates with the browser-style subprotocol
 * {@code access_token, <jwt>}, queues every text message, and reassembles result binary messages.
 */
final class WsClient implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final BlockingQueue<JsonObject> texts = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private final Duration timeout;
  private int binaryMessages;
  private final WebSocket ws;

  WsClient(int port, String token, Duration timeout) throws Exception {
    this.timeout = timeout;
    WebSocketClient client = vertx.createWebSocketClient();
    ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/v1/ws")
            .setSubProtocols(List.of("access_token", token)))
        .toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
    ws.textMessageHandler(t -> texts.add(new JsonObject(t)));
    ws.binaryMessageHandler(b -> {
      synchronized (binary) {
        binary.writeBytes(b.getBytes());
        binaryMessages++;
      }
    });
  }

  String subprotocol() {
    return ws.subProtocol();
  }

  void send(JsonObject message) throws Exception {
    ws.writeTextMessage(message.encode()).toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  void sendBinary(byte[] data) throws Exception {
    ws.writeBinaryMessage(Buffer.buffer(data)).toCompletionStage().toCompletableFuture()
        .get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  /** The next text message matching {@code p}; the ones before it are returned in {@code skipped} if given. */
  JsonObject await(Predicate<JsonObject> p, List<JsonObject> seen) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonObject m = texts.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new AssertionError("no matching WebSocket message within " + timeout + "; seen " + seen);
      }
      if (seen != null) {
        seen.add(m);
      }
      if (p.test(m)) {
        return m;
      }
    }
  }

  JsonObject await(Predicate<JsonObject> p) throws InterruptedException {
    return await(p, new java.util.ArrayList<>());
  }

  byte[] binary() {
    synchronized (binary) {
      return binary.toByteArray();
    }
  }

  int binaryMessages() {
    synchronized (binary) {
      return binaryMessages;
    }
  }

  @Override
  public void close() throws Exception {
    ws.close().toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  static Predicate<JsonObject> jobIn(String id, String state) {
    return m -> "job".equals(m.getString("type")) && id.equals(m.getString("job")) && state.equals(m.getString("state"));
  }

  static Predicate<JsonObject> type(String type) {
    return m -> type.equals(m.getString("type"));
  }
}
