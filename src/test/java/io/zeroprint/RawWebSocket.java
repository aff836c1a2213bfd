package io.zeroprint;

import io.vertx.core.json.JsonObject;
import io.zeroprint.contract.WebSocketContract;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A WebSocket peer on a plain socket, for what a client library will not do: frames with reserved
 * bits set, invalid UTF-8, fragments that add up past the limit, a peer that stops reading (on a
 * socket with a small receive window). It reads the server's messages and close code.
 */
public final class RawWebSocket implements AutoCloseable {
  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private final WebSocketContract contract = new WebSocketContract();
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  public RawWebSocket(int port, String authHeaderLine, Duration timeout) throws IOException {
    this(connected(port, timeout), authHeaderLine);
  }

  /** Over a socket the caller connected (e.g. with a small receive buffer); does the handshake. */
  public RawWebSocket(Socket connected, String authHeaderLine) throws IOException {
    socket = connected;
    out = socket.getOutputStream();
    in = socket.getInputStream();
    out.write(("GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + authHeaderLine + "\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("no upgrade: " + head);
    }
  }

  /**
   * Sends one client frame (masked, as RFC 6455 requires of clients).
   *
   * @param opcode 1 text, 2 binary, 0 continuation
   * @param rsv    the three reserved bits (0 unless testing them)
   */
  public void frame(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    out.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode);
    int n = payload.length;
    if (n < 126) {
      out.write(0x80 | n);
    } else if (n < 65_536) {
      out.write(0x80 | 126);
      out.write(n >>> 8);
      out.write(n);
    } else {
      out.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) n >>> shift));
      }
    }
    out.write(mask);
    byte[] masked = new byte[n];
    for (int i = 0; i < n; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    out.write(masked);
    out.flush();
  }

  public void sendText(String text) throws IOException {
    frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  public void sendBinary(byte[] data) throws IOException {
    frame(true, 0, BINARY, data);
  }

  /** The raw stream, to read a few bytes of a message and then stop reading. */
  public InputStream in() {
    return in;
  }

  /**
   * Reads messages, answering pings and skipping other messages, until a text message matches; what
   * the server sends on the way is checked against the AsyncAPI contract.
   */
  public JsonObject awaitText(Predicate<JsonObject> p) throws IOException {
    while (true) {
      if (nextMessage() instanceof JsonObject m && p.test(m)) {
        return m;
      }
    }
  }

  /**
   * The next whole server message, fragments assembled, pings answered and checked against the
   * AsyncAPI contract: a {@link JsonObject} for text, a {@code byte[]} for binary. A close or the end
   * of the stream is an {@link EOFException}.
   */
  public Object nextMessage() throws IOException {
    java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
    int messageOpcode = -1;
    while (true) {
      int b0 = in.read();
      if (b0 < 0) {
        throw new EOFException("the server closed the connection");
      }
      byte[] payload = payload();
      int opcode = b0 & 0x0f;
      if (opcode == PING) {
        frame(true, 0, PONG, payload);
        continue;
      }
      if (opcode == CLOSE) {
        throw new EOFException("the server closed the WebSocket while we waited");
      }
      if (opcode == PONG) {
        continue; // the answer to a ping the test sent: a control frame, not a message
      }
      if (opcode != CONTINUATION) {
        messageOpcode = opcode;
      }
      message.writeBytes(payload);
      if ((b0 & 0x80) != 0) {
        return checked(messageOpcode, message.toByteArray());
      }
    }
  }

  private Object checked(int opcode, byte[] message) {
    if (opcode != TEXT) {
      contract.fromServer(message);
      return message;
    }
    String text = new String(message, StandardCharsets.UTF_8);
    contract.fromServer(text);
    contract.assertKept();
    return new JsonObject(text);
  }

  /**
   * Reads server frames until a close frame, and returns its code: -1 if the connection just ended
   * (or was reset) without one; a server that says nothing within the timeout fails the test.
   */
  public int awaitCloseCode() throws IOException {
    while (true) {
      int b0;
      try {
        b0 = in.read();
      } catch (java.net.SocketTimeoutException hang) {
        throw new AssertionError("no close from the server within the bound (a hang)");
      } catch (IOException reset) {
        return -1;
      }
      if (b0 < 0) {
        return -1;
      }
      byte[] payload = payload();
      if ((b0 & 0x0f) == CLOSE) {
        return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
      }
    }
  }

  /** The rest of a server frame after its first byte (server frames are not masked). */
  private byte[] payload() throws IOException {
    long len = in.read() & 0x7f;
    if (len == 126) {
      len = in.read() << 8 | in.read();
    } else if (len == 127) {
      len = 0;
      for (int i = 0; i < 8; i++) {
        len = len << 8 | in.read();
      }
    }
    return in.readNBytes((int) len);
  }

  private static Socket connected(int port, Duration timeout) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout((int) timeout.toMillis());
    return s;
  }

  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      if (head.toString().endsWith("\r\n\r\n")) {
        break;
      }
    }
    return head.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
