package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vertx.core.json.JsonObject;
import io.zeroprint.Multipart;
import io.zeroprint.RawHttp;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Multipart bodies through real HTTP, on the ingest route (the upload path of {@code /v1/enhance}
 * alone, which says how many image bytes it received): how the body is cut into chunks never changes
 * the image, and each malformed or hostile body has its one problem code.
 */
class MultipartBodiesTest extends ServerTestBase {
  private static final String B = "mp-boundary";
  private static final String MP = "multipart/form-data; boundary=" + B;
  private static final String INGEST = "/v1/bench/ingest";
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final byte[] PNG = TestImages.encode(TestImages.gradient(16, 16), "png");

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("http").put("ingestBenchmarkRoute", true);
    o.getJsonObject("abuse").put("readsPerSubjectPerMinute", 100_000); // one request per split
    return o;
  }

  @Test
  void aBodySplitIntoTwoWritesAtAnyByteGivesTheSameImage() {
    byte[] body = new Multipart(B).field("options", "{\"scale\":2}").file("image", "a.png", "image/png", PNG).build();
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (int at = 1; at < body.length; at++) {
        String answer = sendSplit(body, at);
        assertEquals(204, RawHttp.status(answer), "split at " + at + ": " + answer);
        assertEquals(String.valueOf(PNG.length), header(answer, "zeroprint-received-bytes"), "split at " + at);
        assertEquals("png", header(answer, "zeroprint-format"), "split at " + at);
      }
    });
    assertBuffersReleased();
  }

  @Test
  void theBoundaryInsideTheImageWithoutCrlfDashesBeforeItIsImageData() {
    byte[] image = concat(PNG, text("--" + B + "--\n--" + B + "\r--" + B + "\r\n-" + B + "\r\n-- " + B + "\r\r\n-\r\n--"
        + B.substring(0, B.length() - 1) + "\r\n--" + B.substring(1) + "\r\n\r\n--\r\n--" + B.substring(0, 3)));
    assertReceived(image.length, post(new Multipart(B).file("image", "a.png", "image/png", image).build()));
  }

  @Test
  void aPreambleTransportPaddingAndAnEpilogueAreIgnored() {
    byte[] body = text("a preamble\r\n--" + B + " \t \r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\n",
        PNG, "\r\n--" + B + "--  \r\nan epilogue\r\n");
    assertReceived(PNG.length, post(body));
  }

  @Test
  void aNestedMultipartMixedImagePartIsUnpacked() {
    byte[] body = new Multipart(B).file("image", "a", "multipart/mixed; boundary=inner",
        text("--inner\r\nContent-Type: image/png\r\n\r\n", PNG, "\r\n--inner--\r\n")).build();
    assertReceived(PNG.length, post(body));
  }

  @Test
  void aBodyThatEndsBeforeItsClosingBoundaryIsMalformed() {
    assertProblem(post(text("--" + B + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\n", PNG,
        "\r\n--" + B + "\r\n")), 400, "malformed_request");
  }

  @Test
  void aThousandPartsAreMalformed() {
    Multipart m = new Multipart(B).file("image", "a.png", "image/png", PNG);
    for (int i = 0; i < 1000; i++) {
      m.field("f" + i, "x");
    }
    assertProblem(post(m.build()), 400, "malformed_request");
  }

  @Test
  void aPartHeaderOf64KbIsMalformed() {
    assertProblem(post(text("--" + B + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\nX-Pad: "
        + "a".repeat(64 * 1024) + "\r\n\r\n", PNG, "\r\n--" + B + "--\r\n")), 400, "malformed_request");
  }

  @Test
  void anImageOverTheUploadLimitSentChunkedIsTooLarge() {
    byte[] big = new byte[(int) MAX_UPLOAD + 1];
    new Random(1).nextBytes(big);
    byte[] body = new Multipart(B).file("image", "a.bin", "application/octet-stream", big).build();
    HttpResponse<byte[]> r = send(request(INGEST).timeout(BOUND).header("Content-Type", MP)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());
    assertProblem(r, 413, "payload_too_large");
    assertBuffersReleased();
  }

  @Test
  void aBoundaryOver200CharactersIsMalformed() {
    String boundary = "x".repeat(201);
    assertProblem(send(request(INGEST).timeout(BOUND).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(new Multipart(boundary).file("image", "a", "x/y", PNG).build())).build()),
        400, "malformed_request");
    assertBuffersReleased();
  }

  @Test
  void anOptionsPartOverTheLimitIsAnInvalidOption() {
    assertProblem(post(new Multipart(B).field("options", "{\"x\":\"" + "a".repeat(5000) + "\"}")
        .file("image", "a.png", "image/png", PNG).build()), 400, "invalid_option");
  }

  private HttpResponse<byte[]> post(byte[] body) {
    HttpResponse<byte[]> r = send(request(INGEST).timeout(BOUND).header("Content-Type", MP)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    assertBuffersReleased();
    return r;
  }

  private static void assertReceived(long length, HttpResponse<byte[]> r) {
    assertEquals(204, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    assertEquals(String.valueOf(length), r.headers().firstValue("zeroprint-received-bytes").orElse(""));
  }

  /** One request on its own connection, its body written in two flushes with a pause between. */
  private String sendSplit(byte[] body, int at) throws IOException, InterruptedException {
    try (RawHttp raw = new RawHttp(server.port(), BOUND)) {
      raw.head("POST " + INGEST + " HTTP/1.1\r\nHost: t\r\n" + authHeader() + "Content-Type: " + MP
          + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n");
      raw.body(java.util.Arrays.copyOfRange(body, 0, at));
      Thread.sleep(2);
      raw.body(java.util.Arrays.copyOfRange(body, at, body.length));
      return raw.readAll();
    }
  }

  private static String header(String answer, String name) {
    for (String line : answer.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  static byte[] text(Object... pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : pieces) {
      out.writeBytes(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return text(a, b);
  }
}
