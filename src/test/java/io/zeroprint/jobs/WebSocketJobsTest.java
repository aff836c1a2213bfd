package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.RawWebSocket;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WebSocket clients: token via subprotocol, several jobs per socket, binary submit and chunked results. */
class WebSocketJobsTest extends JobsTestBase {
  private static final int SEND_CHUNK = 128 * 1024;
  private static final int DEFAULT_MAX_MESSAGE = 262_144;

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void oneSocketFollowsSeveralJobsFromQueuedToDone() throws Exception {
    byte[] small = TestImages.encode(TestImages.gradient(40, 30), "png");
    String a = submit("", "image/png", small).getString("job");
    String b = submit("?scale=3", "image/png", small).getString("job");
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      assertEquals("access_token", ws.subprotocol());
      ws.send(new JsonObject().put("type", "subscribe").put("job", a));
      ws.send(new JsonObject().put("type", "subscribe").put("job", b));

      ws.await(m -> "done".equals(m.getString("state")) && a.equals(m.getString("job")));
      ws.await(m -> "done".equals(m.getString("state")) && b.equals(m.getString("job")));
    }
    assertEquals(200, result(a, null).statusCode());
    assertEquals(120, io.zeroprint.Pixels.decode(result(b, null).body()).getWidth());
  }

  @Test
  void aBinarySubmitReturnsTheSameBytesAsHttpInChunksLargerThanOneMessage() throws Exception {
    byte[] png = resource("images/astronaut.png");
    byte[] viaHttp = postRaw("/v1/enhance?scale=4", "image/png", png).body();
    List<JsonObject> seen = new ArrayList<>();
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "submit").put("size", png.length)
          .put("options", new JsonObject().put("scale", 4)));
      String id = ws.await(WsClient.type("accepted")).getString("job");
      for (int at = 0; at < png.length; at += SEND_CHUNK) {
        ws.sendBinary(java.util.Arrays.copyOfRange(png, at, Math.min(png.length, at + SEND_CHUNK)));
      }

      JsonObject header = ws.await(WsClient.type("result"), seen);
      JsonObject end = ws.await(WsClient.type("result-end"));

      assertEquals(id, header.getString("job"));
      byte[] viaWs = ws.binary();
      assertTrue(viaWs.length > DEFAULT_MAX_MESSAGE, "result larger than one default message: " + viaWs.length);
      assertEquals(header.getLong("bytes"), viaWs.length);
      assertEquals(header.getInteger("chunks"), ws.binaryMessages());
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(viaWs)), end.getString("sha256"));
      assertArrayEquals(viaHttp, viaWs, "byte-identical to the HTTP path");
      List<String> states = seen.stream().filter(m -> "job".equals(m.getString("type")))
          .map(m -> m.getString("state")).distinct().toList();
      assertEquals("receiving", states.get(0), states.toString());
      assertTrue(seen.stream().anyMatch(m -> "job".equals(m.getString("type"))
          && m.getJsonObject("progress").getJsonObject("upload").getLong("received") == png.length), "upload progress");
      assertProblem(result(id, null), 410, "result_gone"); // delivered once, on the socket
    }
  }

  @Test
  void aJobSurvivesADroppedSocketAndItsResultCanBeFetchedOnANewOne() throws Exception {
    byte[] png = TestImages.encode(TestImages.gradient(64, 48), "png");
    String id;
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "submit").put("size", png.length));
      id = ws.await(WsClient.type("accepted")).getString("job");
      ws.sendBinary(png);
      ws.await(m -> id.equals(m.getString("job")) && !"receiving".equals(m.getString("state")));
    } // dropped before the result

    try (WsClient again = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      again.send(new JsonObject().put("type", "fetch").put("job", id));
      again.await(WsClient.type("result-end"));
      assertEquals(128, io.zeroprint.Pixels.decode(again.binary()).getWidth());
    }
  }

  @Test
  void twoResultsFetchedAtOnceByASlowReaderArriveWholeOneAfterTheOther() throws Exception {
    // Results (~4 MB of noise each) larger together than the kernel's largest loopback send buffer
    // (4 MiB), so the server's write queue fills while the client is not reading.
    String a = submit("?scale=4", "image/png", TestImages.encode(TestImages.noise(300, 300, 1), "png")).getString("job");
    String b = submit("?scale=4", "image/png", TestImages.encode(TestImages.noise(300, 300, 2), "png")).getString("job");
    assertEquals("done", lastState(a));
    assertEquals("done", lastState(b));
    // A slow reader at the TCP level: a small receive window, and nothing read while both deliveries start.
    java.net.Socket socket = new java.net.Socket();
    socket.setReceiveBufferSize(16 * 1024);
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), (int) TIMEOUT.toMillis());
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    try (RawWebSocket ws = new RawWebSocket(socket, "Sec-WebSocket-Protocol: access_token, " + TOKEN + "\r\n")) {
      ws.sendText(new JsonObject().put("type", "fetch").put("job", a).encode());
      ws.sendText(new JsonObject().put("type", "fetch").put("job", b).encode());
      Thread.sleep(500); // both deliveries are under way while nothing is read
      List<Object> stream = new ArrayList<>();
      java.util.Map<String, String> announced = new java.util.HashMap<>();
      while (announced.size() < 2) { // a stalled delivery fails on the socket's read timeout
        Object m = ws.nextMessage();
        stream.add(m);
        if (m instanceof JsonObject t && "result-end".equals(t.getString("type"))) {
          announced.put(t.getString("job"), t.getString("sha256"));
        }
      }
      java.util.Map<String, String> digests = wholeResults(stream);
      assertEquals(announced.get(a), digests.get(a), "first result whole and in order");
      assertEquals(announced.get(b), digests.get(b), "second result whole and in order");
    }
  }

  private String lastState(String id) {
    List<JsonObject> events = events(id);
    return events.get(events.size() - 1).getString("state");
  }

  /** Each {@code result} header's announced number of binary messages, taken in order right after it: job → sha256. */
  private static java.util.Map<String, String> wholeResults(List<Object> stream) throws Exception {
    java.util.Map<String, String> digests = new java.util.HashMap<>();
    for (int i = 0; i < stream.size(); i++) {
      if (stream.get(i) instanceof JsonObject m && "result".equals(m.getString("type"))) {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int k = 1; k <= m.getInteger("chunks"); k++) {
          assertTrue(stream.get(i + k) instanceof byte[], "binary message " + k + " of " + m.getString("job") + " in place");
          sha256.update((byte[]) stream.get(i + k));
        }
        digests.put(m.getString("job"), HexFormat.of().formatHex(sha256.digest()));
      }
    }
    return digests;
  }

  @Test
  void aSocketWithoutATokenIsRefused() {
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> new WsClient(server.port(), "garbage", TIMEOUT)).getMessage() != null);
  }
}
