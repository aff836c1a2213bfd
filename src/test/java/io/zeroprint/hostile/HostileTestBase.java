package io.zeroprint.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * A real server with the tight test limits, and the pieces every hostile case uses: a hard bound on
 * each answer (a hang fails the case), the buffer check after each case, and a health check (ready,
 * and a small valid enhance still works) after each group.
 */
abstract class HostileTestBase extends ServerTestBase {
  /** No hostile case may take longer than this to be answered (the server's own deadlines are far beyond). */
  static final Duration CASE_BOUND = Duration.ofSeconds(20);
  static final byte[] SMALL_PNG = TestImages.encode(TestImages.gradient(16, 16), "png");

  /** Hostile requests break the contract on purpose; the answers to them are still checked. */
  @Override
  protected boolean sendsOnlyValidRequests() {
    return false;
  }

  /** One named case: skipped while known to fail, bounded in time, and followed by the buffer check. */
  DynamicTest hostile(String name, Executable body) {
    return DynamicTest.dynamicTest(name, () -> {
      KnownFailing.skipIfKnown(name);
      try {
        assertTimeoutPreemptively(CASE_BOUND, body, () -> "no answer within " + CASE_BOUND + " (a hang)");
        assertBuffersReleased();
      } catch (AssertionError e) {
        throw new AssertionError("[" + name + "] " + e.getMessage(), e);
      }
    });
  }

  /** The last test of a group: the server is ready and still does real work. */
  DynamicTest stillHealthy(String group) {
    return DynamicTest.dynamicTest("the server is ready and still enhances a small image after the " + group, () -> {
      assertTimeoutPreemptively(CASE_BOUND, () -> {
        assertEquals(200, send(HttpRequest.newBuilder(uri("/health/ready")).timeout(CASE_BOUND).GET().build()).statusCode());
        HttpResponse<byte[]> r = postRaw("/v1/enhance", "image/png", SMALL_PNG);
        Expect.png().check(r.statusCode(), r.headers().firstValue("content-type").orElse(null), r.body());
      });
      assertBuffersReleased();
    });
  }

  HttpRequest.Builder bounded(String pathAndQuery) {
    return request(pathAndQuery).timeout(CASE_BOUND);
  }

  HttpResponse<byte[]> postBytes(String pathAndQuery, String contentType, byte[] body) {
    return send(bounded(pathAndQuery).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  static void check(Expect e, HttpResponse<byte[]> r) {
    e.check(r.statusCode(), r.headers().firstValue("content-type").orElse(null), r.body());
  }

  /** A raw HTTP/1.1 answer: status, headers (lower-case names), body, and whether the server closed. */
  record RawAnswer(int status, Map<String, String> headers, byte[] body, boolean closed) {
    void check(Expect e) {
      e.check(status, headers.get("content-type"), body);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Sends {@code request} as is on a new connection and reads one answer (a hang fails after {@link #CASE_BOUND}). */
  RawAnswer exchange(byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout((int) CASE_BOUND.toMillis());
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException closedEarly) {
        // the server answered and closed before taking all of it; the answer is still to be read
      }
      RawAnswer a = readAnswer(s.getInputStream());
      boolean closed = a.closed() || "close".equalsIgnoreCase(a.headers().get("connection"));
      if (!closed) {
        s.setSoTimeout(300);
        try {
          closed = s.getInputStream().read() < 0;
        } catch (SocketTimeoutException open) {
          closed = false;
        } catch (IOException reset) {
          closed = true;
        }
      }
      return new RawAnswer(a.status(), a.headers(), a.body(), closed);
    }
  }

  RawAnswer exchange(String request) throws IOException {
    return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  static RawAnswer readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while (true) {
      b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      String h = head.toString(StandardCharsets.ISO_8859_1);
      if (h.endsWith("\r\n\r\n")) {
        if (h.startsWith("HTTP/1.1 100")) {
          head.reset(); // an interim answer; the final one follows
          continue;
        }
        break;
      }
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    if (h.isEmpty()) {
      return new RawAnswer(-1, Map.of(), new byte[0], true);
    }
    String[] lines = h.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = statusLine.length < 2 ? -1 : Integer.parseInt(statusLine[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body;
    String length = headers.get("content-length");
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunked(in);
    } else {
      body = new byte[0];
    }
    return new RawAnswer(status, headers, body, false);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
      if (size == 0) {
        in.readNBytes(2);
        return out.toByteArray();
      }
      out.writeBytes(in.readNBytes(size));
      in.readNBytes(2);
    }
  }

  static void assertJson(JsonObject o) {
    assertTrue(o != null);
  }
}
