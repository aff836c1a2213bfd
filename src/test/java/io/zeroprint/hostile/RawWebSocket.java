package io.zeroprint.hostile;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;

/** A frame-level WebSocket client for what no library sends: RSV bits, bad UTF-8, odd fragmentation, bad close codes. */
final class RawWebSocket implements AutoCloseable {
  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CONTINUATION = 0;
  static final int CLOSE = 8;
  static final int PING = 9;
  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final Random random = new Random(1);

  RawWebSocket(int port, String token, Duration timeout) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) timeout.toMillis());
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    String key = Base64.getEncoder().encodeToString(new byte[16]);
    out.write(("GET /v1/ws HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
        + "\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + head);
    }
  }

  /** One masked frame: FIN, RSV bits (0..7), opcode, payload. */
  void frame(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
    int len = payload.length;
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    if (len < 126) {
      out.write(0x80 | len);
    } else if (len < 65536) {
      out.write(0x80 | 126);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) ((long) len >> (8 * i)));
      }
    }
    out.write(mask);
    byte[] masked = new byte[len];
    for (int i = 0; i < len; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    out.write(masked);
    out.flush();
  }

  void text(String s) throws IOException {
    frame(true, 0, TEXT, s.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads frames until a text message (returned) or a close (returned as "close:CODE"); null if the socket ended. */
  String next() throws IOException {
    while (true) {
      int b0;
      try {
        b0 = in.read();
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no frame from the server within the bound (a hang)");
      } catch (IOException reset) {
        return null;
      }
      if (b0 < 0) {
        return null;
      }
      int b1 = in.readUnsignedByte();
      long len = b1 & 0x7F;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      byte[] payload = new byte[(int) len];
      in.readFully(payload);
      int opcode = b0 & 0x0F;
      if (opcode == CLOSE) {
        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        return "close:" + code;
      }
      if (opcode == TEXT) {
        return new String(payload, StandardCharsets.UTF_8);
      }
      // pongs, pings and binary frames are skipped
    }
  }

  /** The close code the server sends (skipping other messages), or -1 if it just dropped the connection. */
  int awaitClose() throws IOException {
    while (true) {
      String m = next();
      if (m == null) {
        return -1;
      }
      if (m.startsWith("close:")) {
        return Integer.parseInt(m.substring(6));
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
