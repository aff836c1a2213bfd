package io.zeroprint.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.Pixels;
import io.zeroprint.RawHttp;
import io.zeroprint.TestImages;
import io.zeroprint.TestTokens;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 1 MiB image-memory budget and uploads of {@value #UPLOAD_BYTES} bytes (a 32×32 PNG and random
 * bytes after its IEND, which the scan passes and the decoder never reads): one upload in progress
 * holds ten 64 KiB segments, so a second one from another subject cannot fit. It gets 503
 * {@code memory_busy} with {@code Retry-After} at once — not after waiting for the first — and its
 * connection is closed (its body is not read); the first still completes; and the budget recovers.
 */
class MemoryBudgetExhaustedTest extends FaultTestBase {
  private static final long BUDGET = 1L << 20;
  private static final int UPLOAD_BYTES = 600_000;
  private static final int SEGMENT = 64 << 10;
  private static final byte[] UPLOAD = padded(TestImages.encode(TestImages.gradient(32, 32), "png"), UPLOAD_BYTES);

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("buffers").put("budgetBytes", BUDGET).put("maxIdleBytes", 0);
    o.getJsonObject("limits").put("maxUploadBytes", BUDGET);
    return o;
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void theUploadThatDoesNotFitGets503MemoryBusyAtOnceAndTheOthersSucceed() throws Exception {
    long refusalsBefore = server.store().stats().refusals();
    try (RawHttp first = new RawHttp(server.port(), TIMEOUT); RawHttp second = new RawHttp(server.port(), TIMEOUT)) {
      first.head(post("alice")).body(Arrays.copyOf(UPLOAD, UPLOAD_BYTES - 1_000));
      within(server.store().whenInUse(bytes -> bytes >= (UPLOAD_BYTES - 1_000) / SEGMENT * (long) SEGMENT),
          "the first upload to hold its memory");

      String refused = sendAll(second.head(post("bob")), UPLOAD);

      assertEquals(503, RawHttp.status(refused), refused);
      assertTrue(refused.contains("\"code\":\"memory_busy\""), refused);
      assertTrue(refused.toLowerCase().contains("\r\nretry-after: "), refused);
      assertTrue(refused.toLowerCase().contains("\r\nconnection: close\r\n"), refused);
      assertEquals(refusalsBefore + 1, server.store().stats().refusals());

      String done = first.body(Arrays.copyOfRange(UPLOAD, UPLOAD_BYTES - 1_000, UPLOAD_BYTES)).readAll();
      assertEquals(200, RawHttp.status(done), done.lines().findFirst().orElse(""));
    }
    assertBuffersReleased();

    HttpResponse<byte[]> later = send(as("carol", "/v1/enhance").header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(UPLOAD)).build());
    assertEquals(200, later.statusCode());
    assertEquals(64, Pixels.decode(later.body()).getWidth());
  }

  private static String post(String subject) {
    return "POST /v1/enhance HTTP/1.1\r\nHost: t\r\nConnection: close\r\nAuthorization: Bearer "
        + TestTokens.token(subject, "enhance") + "\r\nContent-Type: image/png\r\nContent-Length: " + UPLOAD_BYTES + "\r\n";
  }

  /**
   * Sends the whole body (the server may close before taking it all) and returns everything it
   * answered up to its close; a socket timeout (the server kept the connection open) fails the test.
   */
  private static String sendAll(RawHttp raw, byte[] body) throws IOException {
    try {
      raw.body(body);
    } catch (IOException closedEarly) {
      // the server answered and closed before reading the rest: its answer is still to be read
    }
    return raw.readAll();
  }

  /** The image, then random bytes after its end up to {@code size}. */
  private static byte[] padded(byte[] image, int size) {
    byte[] out = Arrays.copyOf(image, size);
    byte[] tail = new byte[size - image.length];
    new Random(42).nextBytes(tail);
    System.arraycopy(tail, 0, out, image.length, tail.length);
    return out;
  }
}
