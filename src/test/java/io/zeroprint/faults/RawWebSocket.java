package io.zeroprint.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A WebSocket client on a plain socket, for what a library will not do: stop reading in the middle of
 * a message. It frames what it sends (masked, one frame per message), answers pings while it waits
 * for a text message, and otherwise reads only when asked. Reads are bounded by the socket timeout.
 */
final class RawWebSocket implements AutoCloseable {
  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;
  private static final int PONG = 0xA;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  void handshake(String authHeaderLine) throws IOException {
    out.write(("GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + authHeaderLine + "\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed during the handshake: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
    }
    assertTrue(head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101"), head.toString(StandardCharsets.ISO_8859_1));
  }

  InputStream in() {
    return in;
  }

  void sendText(String text) throws IOException {
    frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  void sendBinary(byte[] data) throws IOException {
    frame(BINARY, data);
  }

  /** Reads frames, answering pings and skipping other messages, until a text message matches. */
  JsonObject awaitText(Predicate<JsonObject> p) throws IOException {
    while (true) {
      int b0 = read();
      int b1 = read();
      long len = b1 & 0x7f;
      if (len == 126) {
        len = (read() << 8) | read();
      } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; i++) {
          len = (len << 8) | read();
        }
      }
      byte[] payload = in.readNBytes((int) len);
      int opcode = b0 & 0x0f;
      if (opcode == PING) {
        frame(PONG, payload);
      } else if (opcode == CLOSE) {
        throw new EOFException("the server closed the WebSocket while we waited");
      } else if (opcode == TEXT) {
        JsonObject m = new JsonObject(new String(payload, StandardCharsets.UTF_8));
        if (p.test(m)) {
          return m;
        }
      }
    }
  }

  private int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the server closed the connection");
    }
    return b;
  }

  private void frame(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
    f.write(0x80 | opcode);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else if (payload.length <= 0xffff) {
      f.write(0x80 | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length);
    } else {
      f.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        f.write((int) ((long) payload.length >>> (8 * i)));
      }
    }
    byte[] mask = {0x12, 0x34, 0x56, 0x78};
    f.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ mask[i & 3]);
    }
    out.write(f.toByteArray());
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
