package io.zeroprint.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.RawWebSocket;
import io.zeroprint.TestTokens;
import io.zeroprint.WsClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Hostile WebSocket traffic: malformed messages get error messages; protocol violations get the RFC 6455 close code. */
class HostileWebSocketTest extends HostileTestBase {
  private static final int LIMIT = 256 * 1024;

  @TestFactory
  Stream<DynamicTest> messages() {
    List<DynamicTest> t = new ArrayList<>();
    Expect malformed = Expect.problem(400, "malformed_request");
    t.add(msg("a text message that is not JSON is malformed", "not json", malformed));
    t.add(msg("a JSON array message is malformed", "[1,2]", malformed));
    t.add(msg("an unknown message type is malformed", "{\"type\":\"explode\"}", malformed));
    t.add(msg("a message without a type is malformed", "{\"job\":\"x\"}", malformed));
    t.add(msg("a type that is a number is malformed", "{\"type\":7}", malformed));
    t.add(msg("a submit whose size is a string is malformed", "{\"type\":\"submit\",\"size\":\"100\"}", malformed));
    t.add(msg("a submit whose size is negative is malformed", "{\"type\":\"submit\",\"size\":-5}", malformed));
    t.add(msg("a submit whose size is zero is malformed", "{\"type\":\"submit\",\"size\":0}", malformed));
    t.add(msg("a submit whose size is a float is malformed", "{\"type\":\"submit\",\"size\":10.5}", malformed));
    t.add(msg("a submit without a size is malformed", "{\"type\":\"submit\"}", malformed));
    t.add(msg("a submit whose size is 10^30 (not a 64-bit integer) is malformed",
        "{\"type\":\"submit\",\"size\":1000000000000000000000000000000}", malformed));
    t.add(msg("a submit whose size is over the upload limit is too large", "{\"type\":\"submit\",\"size\":" + (MAX_UPLOAD + 1) + "}",
        Expect.problem(413, "payload_too_large")));
    t.add(msg("a submit whose options are a string is an invalid option", "{\"type\":\"submit\",\"size\":10,\"options\":\"x\"}",
        Expect.problem(400, "invalid_option")));
    t.add(msg("a submit whose options are an array is an invalid option", "{\"type\":\"submit\",\"size\":10,\"options\":[1]}",
        Expect.problem(400, "invalid_option")));
    t.add(msg("a submit whose option value is an object is an invalid option",
        "{\"type\":\"submit\",\"size\":10,\"options\":{\"scale\":{\"n\":2}}}", Expect.problem(400, "invalid_option")));
    t.add(msg("a submit with an unknown effect is refused", "{\"type\":\"submit\",\"size\":10,\"options\":{\"effect\":\"x\"}}",
        Expect.problem(400, "unknown_effect")));
    t.add(msg("a submit whose idempotency key is a number is malformed", "{\"type\":\"submit\",\"size\":10,\"idempotencyKey\":5}",
        malformed));
    t.add(msg("a subscribe without a job is malformed", "{\"type\":\"subscribe\"}", malformed));
    t.add(msg("a subscribe whose job is a number is malformed", "{\"type\":\"subscribe\",\"job\":5}", malformed));
    t.add(msg("a subscribe to an unknown job is not found", "{\"type\":\"subscribe\",\"job\":\"nope\"}",
        Expect.problem(404, "not_found")));
    t.add(msg("a cancel of an unknown job is not found", "{\"type\":\"cancel\",\"job\":\"../../etc\"}",
        Expect.problem(404, "not_found")));
    t.add(hostile("binary data before any submit is malformed", () -> {
      try (WsClient ws = new WsClient(server.port(), TOKEN, CASE_BOUND).hostile()) {
        ws.sendBinary(new byte[100]);
        malformed.checkWs(ws.await(WsClient.type("error")));
        assertUsable(ws);
      }
    }));
    t.add(hostile("more bytes than the submit announced is malformed and the upload is dropped", () -> {
      try (WsClient ws = new WsClient(server.port(), TOKEN, CASE_BOUND).hostile()) {
        ws.send(new JsonObject().put("type", "submit").put("size", 100));
        ws.await(WsClient.type("accepted"));
        ws.sendBinary(new byte[200]);
        malformed.checkWs(ws.await(WsClient.type("error")));
        assertUsable(ws);
      }
    }));
    t.add(hostile("a second submit while one is in progress is malformed", () -> {
      try (WsClient ws = new WsClient(server.port(), TOKEN, CASE_BOUND).hostile()) {
        ws.send(new JsonObject().put("type", "submit").put("size", 100));
        ws.await(WsClient.type("accepted"));
        ws.send(new JsonObject().put("type", "submit").put("size", 100));
        malformed.checkWs(ws.await(WsClient.type("error")));
      }
    }));
    t.add(hostile("a handshake without a token is unauthorized", () -> exchange("GET /v1/ws HTTP/1.1\r\nHost: t\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n"
        + "Sec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n").check(Expect.problem(401, "unauthorized"))));
    t.add(hostile("a handshake with an expired token in the subprotocol is unauthorized", () -> exchange(
        "GET /v1/ws HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: access_token, "
            + TestTokens.sign(TestTokens.claims("w", "enhance").put("exp", 1)) + "\r\n\r\n").check(Expect.problem(401, "unauthorized"))));
    t.add(stillHealthy("WebSocket message cases"));
    return t.stream();
  }

  @TestFactory
  Stream<DynamicTest> frames() {
    List<DynamicTest> t = new ArrayList<>();
    t.add(frames("a 300 KB message in 64 KB fragments (over the 256 KiB message limit) is closed with 1009", 1009, ws -> {
      ws.sendText("{\"type\":\"submit\",\"size\":400000}");
      byte[] piece = new byte[64 * 1024];
      for (int i = 0; i < 5; i++) {
        ws.frame(i == 4, 0, i == 0 ? RawWebSocket.BINARY : RawWebSocket.CONTINUATION, i == 4 ? new byte[300 * 1024 - 4 * piece.length] : piece);
      }
    }));
    t.add(frames("a single 300 KB frame (over the 256 KiB frame limit) is closed with 1009", 1009,
        ws -> ws.frame(true, 0, RawWebSocket.BINARY, new byte[300 * 1024])));
    t.add(frames("a 300 KB text message in fragments is closed with 1009", 1009, ws -> {
      byte[] piece = "a".repeat(100 * 1024).getBytes();
      ws.frame(false, 0, RawWebSocket.TEXT, piece);
      ws.frame(false, 0, RawWebSocket.CONTINUATION, piece);
      ws.frame(true, 0, RawWebSocket.CONTINUATION, piece);
    }));
    t.add(frames("a frame with RSV1 set and no extension negotiated is closed with 1002", 1002,
        ws -> ws.frame(true, 4, RawWebSocket.TEXT, "{\"type\":\"x\"}".getBytes())));
    t.add(frames("a frame with RSV3 set is closed with 1002", 1002,
        ws -> ws.frame(true, 1, RawWebSocket.BINARY, new byte[10])));
    t.add(frames("a text frame with invalid UTF-8 is closed with 1007", 1007,
        ws -> ws.frame(true, 0, RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})));
    t.add(frames("a text frame with an overlong UTF-8 encoding is closed with 1007", 1007,
        ws -> ws.frame(true, 0, RawWebSocket.TEXT, new byte[] {(byte) 0xC0, (byte) 0xAF})));
    t.add(frames("an unknown opcode is closed with 1002", 1002, ws -> ws.frame(true, 0, 3, new byte[4])));
    t.add(frames("a continuation frame with nothing to continue is closed with 1002", 1002,
        ws -> ws.frame(true, 0, RawWebSocket.CONTINUATION, new byte[4])));
    t.add(frames("a fragmented ping is closed with 1002", 1002, ws -> ws.frame(false, 0, RawWebSocket.PING, new byte[4])));
    t.add(frames("a ping with a 200-byte payload (over 125) is closed with 1002", 1002,
        ws -> ws.frame(true, 0, RawWebSocket.PING, new byte[200])));
    t.add(frames("a close with the invalid code 999 is answered with 1002", 1002,
        ws -> ws.frame(true, 0, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE7})));
    t.add(frames("a close with the reserved code 1005 is answered with 1002", 1002,
        ws -> ws.frame(true, 0, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xED})));
    t.add(frames("a close with a one-byte payload is answered with 1002", 1002,
        ws -> ws.frame(true, 0, RawWebSocket.CLOSE, new byte[] {0x03})));
    t.add(hostile("a flood of 5000 pings leaves the socket usable", () -> {
      try (RawWebSocket ws = raw()) {
        for (int i = 0; i < 5000; i++) {
          ws.frame(true, 0, RawWebSocket.PING, new byte[8]);
        }
        ws.sendText("{\"type\":\"subscribe\",\"job\":\"nope\"}");
        assertEquals("not_found", ws.awaitText(m -> "error".equals(m.getString("type"))).getString("code"));
      }
    }));
    t.add(stillHealthy("WebSocket frame cases"));
    return t.stream();
  }

  private RawWebSocket raw() throws java.io.IOException {
    return new RawWebSocket(server.port(), "Authorization: Bearer " + TOKEN + "\r\n", CASE_BOUND);
  }

  interface FrameSender {
    void send(RawWebSocket ws) throws Exception;
  }

  private DynamicTest frames(String name, int closeCode, FrameSender sender) {
    return hostile(name, () -> {
      try (RawWebSocket ws = raw()) {
        try {
          sender.send(ws);
        } catch (java.io.IOException closedWhileSending) {
          // the server may close as soon as it sees the violation
        }
        assertEquals(closeCode, ws.awaitCloseCode(), "close code (-1: dropped without a close frame)");
      }
    });
  }

  private DynamicTest msg(String name, String text, Expect e) {
    return hostile(name, () -> {
      try (WsClient ws = new WsClient(server.port(), TOKEN, CASE_BOUND).hostile()) {
        ws.sendText(text);
        e.checkWs(ws.await(WsClient.type("error")));
        assertUsable(ws);
      }
    });
  }

  /** The socket still answers: an unknown job is not found. */
  private static void assertUsable(WsClient ws) throws Exception {
    ws.send(new JsonObject().put("type", "subscribe").put("job", "still-there?"));
    assertEquals("not_found", ws.await(WsClient.type("error")).getString("code"));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
