package io.zeroprint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain socket client for what an HTTP library will not do: declare a length and send nothing,
 * stream chunks past a limit, or vanish mid-request.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  public RawHttp(int port, Duration timeout) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) timeout.toMillis());
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  public RawHttp head(String requestLineAndHeaders) throws IOException {
    out.write((requestLineAndHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return this;
  }

  public RawHttp body(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Sends chunks of {@code chunk} bytes until the server answers (or {@code max} bytes went out). */
  public long chunkedUntilAnswered(int chunk, long max) throws IOException {
    byte[] data = new byte[chunk];
    long sent = 0;
    try {
      while (sent < max && in.available() == 0) {
        out.write((Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        sent += chunk;
      }
    } catch (IOException e) {
      // the server closed its side after answering; the answer is still to be read
    }
    return sent;
  }

  /** Reads the status line and headers of the response (enough to assert on). */
  public String readResponseHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      String s = head.toString(StandardCharsets.ISO_8859_1);
      if (s.endsWith("\r\n\r\n")) {
        return s;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** The whole response (the request must say {@code Connection: close}). */
  public String readAll() throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  public static int status(String responseHead) {
    String[] parts = responseHead.split(" ", 3);
    return parts.length < 2 ? -1 : Integer.parseInt(parts[1]);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
