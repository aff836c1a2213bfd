package io.zeroprint;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.zeroprint.contract.WebSocketContract;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (Vert.x) that behaves like a browser: it authenticates with the
 * subprotocol {@code access_token, <jwt>} (no custom headers), sends every message as one
 * unfragmented frame, queues every text message, and reassembles result binary messages. Every
 * message either side sends is checked against the AsyncAPI contract ({@link WebSocketContract}).
 */
public final class WsClient implements AutoCloseable {
  /** Browsers and Node send a message as one frame of any size; the client allows up to this. */
  private static final int MAX_FRAME = 1 << 20;
  private final Vertx vertx = Vertx.vertx();
  private final BlockingQueue<JsonObject> texts = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private final Duration timeout;
  private int binaryMessages;
  /** Every message in arrival order: a {@link JsonObject} per text message, a {@code byte[]} per binary one. */
  private final List<Object> received = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private final WebSocket ws;
  private final java.util.concurrent.CompletableFuture<Short> closed = new java.util.concurrent.CompletableFuture<>();
  private final WebSocketContract contract = new WebSocketContract();
  /** Set by a deliberately hostile test: what it sends is not checked against the contract. */
  private volatile boolean hostile;

  public WsClient(int port, String token, Duration timeout) throws Exception {
    this(port, token, timeout, java.util.Map.of());
  }

  /** @param headers handshake headers a browser adds by itself (e.g. {@code DNT}); never the token */
  public WsClient(int port, String token, Duration timeout, java.util.Map<String, String> headers) throws Exception {
    this.timeout = timeout;
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(MAX_FRAME).setMaxMessageSize(MAX_FRAME));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/v1/ws").setSubProtocols(List.of("access_token", token));
    headers.forEach(options::addHeader);
    ws = client.connect(options)
        .toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
    ws.textMessageHandler(t -> {
      contract.fromServer(t);
      JsonObject m = new JsonObject(t);
      received.add(m);
      texts.add(m);
    });
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
    ws.binaryMessageHandler(b -> {
      contract.fromServer(b.getBytes());
      synchronized (binary) {
        binary.writeBytes(b.getBytes());
        binaryMessages++;
        received.add(b.getBytes());
      }
    });
  }

  /**
   * For a deliberately hostile test: what it sends from now on is not checked against the contract
   * (what the server sends still is).
   */
  public WsClient hostile() {
    hostile = true;
    return this;
  }

  public String subprotocol() {
    return ws.subProtocol();
  }

  public void send(JsonObject message) throws Exception {
    if (!hostile) {
      contract.toServer(message.encode());
    }
    ws.writeTextMessage(message.encode()).toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  /** Sends raw text (not necessarily JSON). */
  public void sendText(String text) throws Exception {
    if (!hostile) {
      contract.toServer(text);
    }
    ws.writeTextMessage(text).toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  /** The close code once the server closed the socket; fails the test if it does not within the timeout. */
  public short awaitClose() throws Exception {
    Short code = closed.get(timeout.toSeconds(), TimeUnit.SECONDS);
    return code == null ? 0 : code;
  }

  public boolean isClosed() {
    return ws.isClosed();
  }

  public void sendBinary(byte[] data) throws Exception {
    if (!hostile) {
      contract.toServer(data);
    }
    ws.writeBinaryMessage(Buffer.buffer(data)).toCompletionStage().toCompletableFuture()
        .get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  /** The next text message matching {@code p}; the ones before it are returned in {@code skipped} if given. */
  public JsonObject await(Predicate<JsonObject> p, List<JsonObject> seen) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      contract.assertKept();
      JsonObject m = texts.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new AssertionError("no matching WebSocket message within " + timeout + "; seen " + seen);
      }
      if (seen != null) {
        seen.add(m);
      }
      if (p.test(m)) {
        contract.assertKept();
        return m;
      }
    }
  }

  public JsonObject await(Predicate<JsonObject> p) throws InterruptedException {
    return await(p, new java.util.ArrayList<>());
  }

  /** A copy of every message so far, in arrival order ({@link JsonObject} for text, {@code byte[]} for binary). */
  public List<Object> received() {
    contract.assertKept();
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  public byte[] binary() {
    synchronized (binary) {
      return binary.toByteArray();
    }
  }

  public int binaryMessages() {
    synchronized (binary) {
      return binaryMessages;
    }
  }

  @Override
  public void close() throws Exception {
    if (!ws.isClosed()) {
      ws.close().toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
    contract.assertKept();
  }

  public static Predicate<JsonObject> jobIn(String id, String state) {
    return m -> "job".equals(m.getString("type")) && id.equals(m.getString("job")) && state.equals(m.getString("state"));
  }

  public static Predicate<JsonObject> type(String type) {
    return m -> type.equals(m.getString("type"));
  }
}
