package io.zeroprint.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.Pixels;
import io.zeroprint.RawHttp;
import io.zeroprint.RawWebSocket;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.TestTokens;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests an attacker (or a broken client) sends get a clear problem — never a 500, never a hang,
 * never an unbounded read — and change nothing; the cases an adversarial pass found mishandled.
 */
class HostileRequestsGetClearAnswersTest extends ServerTestBase {
  private static final byte[] JPEG = resource("images/rocket.jpg");

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void aJpegFloodedWithEmptyApp2SegmentsIsRefusedAtOnce() {
    // FFD8, then ~3.9 MB of empty APP2 segments, then the rest of a real JPEG: once hung a worker for minutes.
    byte[] unit = {(byte) 0xFF, (byte) 0xE2, 0x00, 0x02};
    int units = (int) ((MAX_UPLOAD - JPEG.length) / unit.length) - 16;
    byte[] flood = new byte[2 + units * unit.length + JPEG.length - 2];
    flood[0] = (byte) 0xFF;
    flood[1] = (byte) 0xD8;
    for (int i = 0; i < units; i++) {
      System.arraycopy(unit, 0, flood, 2 + i * unit.length, unit.length);
    }
    System.arraycopy(JPEG, 2, flood, 2 + units * unit.length, JPEG.length - 2);

    assertProblem(postRaw("/v1/enhance", "image/jpeg", flood), 422, "corrupt_image");
  }

  @Test
  void aRequestWithoutHostIsABadRequestNotAServerError() throws Exception {
    String reply = raw("GET /v1/me/data HTTP/1.1\r\n" + authHeader() + "Connection: close\r\n");

    assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
    assertTrue(reply.contains("malformed_request") && reply.contains("application/problem+json"), reply);
  }

  @Test
  void headersOverTheLimitGetAProblemWithTheSecurityHeaders() throws Exception {
    String reply = raw("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(40_000) + "\r\n");

    assertTrue(reply.startsWith("HTTP/1.1 431"), reply);
    assertTrue(reply.contains("headers_too_large") && reply.toLowerCase().contains("x-content-type-options: nosniff"),
        reply);
  }

  @Test
  void anExpiryThatIsNotANumberIsUnauthorizedNotAServerError() {
    String token = TestTokens.sign(TestTokens.claims("mallory", "enhance").put("exp", "tomorrow"));

    assertProblem(send(request("/v1/me/data").setHeader("Authorization", "Bearer " + token).GET().build()), 401,
        "unauthorized");
  }

  @Test
  void aSubjectThatIsNotAStringIsUnauthorized() {
    for (Object sub : new Object[] {42, new JsonObject().put("id", 1)}) {
      String token = TestTokens.sign(TestTokens.claims("x", "enhance").put("sub", sub));
      assertProblem(send(request("/v1/me/data").setHeader("Authorization", "Bearer " + token).GET().build()), 401,
          "unauthorized");
    }
  }

  @Test
  void anUnauthenticatedBodyIsNotReadPastASmallBound() throws Exception {
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      raw.head("POST /v1/enhance HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
          + "Transfer-Encoding: chunked\r\n");
      long sent = raw.chunkedUntilAnswered(16 * 1024, 64L << 20);
      assertEquals(401, RawHttp.status(raw.readResponseHead()));
      assertTrue(sent < 16L << 20, "the server stopped reading after " + sent + " bytes");
    }
  }

  @Test
  void retainOnASynchronousRequestIsRefusedWhereverItIsGiven() {
    byte[] png = TestImages.encode(TestImages.gradient(8, 8), "png");
    assertProblem(postRaw("/v1/enhance?retain=PT1H", "image/png", png), 400, "invalid_option");
    assertProblem(postMultipart("/v1/enhance", png, "{\"retain\":\"PT1H\"}"), 400, "invalid_option");
  }

  @Test
  void tinyImagesKeepTheirColours() throws Exception {
    for (int side : new int[] {1, 2, 5}) {
      BufferedImage red = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          red.setRGB(x, y, 0xE02010);
        }
      }
      HttpResponse<byte[]> resp = postRaw("/v1/enhance?scale=2", "image/png", TestImages.encode(red, "png"));
      assertEquals(200, resp.statusCode());
      BufferedImage out = ImageIO.read(new ByteArrayInputStream(resp.body()));
      assertEquals(2 * side, out.getWidth());
      double[] mean = Pixels.meanRgb(out);
      assertTrue(mean[0] > 200 && mean[1] < 60 && mean[2] < 50, side + "×" + side + ": " + Arrays.toString(mean));
    }
  }

  @Test
  void aFragmentedWebSocketMessageOverTheLimitClosesWith1009() throws Exception {
    try (RawWebSocket ws = new RawWebSocket(server.port(), authHeader(), TIMEOUT)) {
      byte[] part = new byte[100 * 1024];
      ws.frame(false, 0, 2, part);
      ws.frame(false, 0, 0, part);
      ws.frame(true, 0, 0, part);
      assertEquals(1009, ws.awaitCloseCode());
    }
  }

  @Test
  void aWebSocketFrameWithAReservedBitClosesWith1002() throws Exception {
    try (RawWebSocket ws = new RawWebSocket(server.port(), authHeader(), TIMEOUT)) {
      ws.frame(true, 4, 1, "{\"type\":\"subscribe\"}".getBytes(StandardCharsets.UTF_8));
      assertEquals(1002, ws.awaitCloseCode());
    }
  }

  @Test
  void aWebSocketTextThatIsNotUtf8ClosesWith1007() throws Exception {
    try (RawWebSocket ws = new RawWebSocket(server.port(), authHeader(), TIMEOUT)) {
      ws.frame(true, 0, 1, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
      assertEquals(1007, ws.awaitCloseCode());
    }
  }

  private String raw(String head) throws Exception {
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      return raw.head(head).readAll();
    }
  }
}
