package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every way a request can be wrong gets its status and stable code, and leaves no memory behind. */
class EnhanceRejectsBadInputTest extends ServerTestBase {

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
    assertEquals(200, get("/health/live").statusCode());
  }

  @Test
  void aDeclaredLengthOverTheCapIsRejectedBeforeAnyByteIsRead() throws Exception {
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      String head = raw.head("POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + authHeader() + "Content-Type: image/png\r\nContent-Length: "
          + (MAX_UPLOAD + 1) + "\r\n").readResponseHead();
      assertEquals(413, RawHttp.status(head), head);
      assertTrue(head.toLowerCase().contains("content-type: application/problem+json"), head);
    }
  }

  @Test
  void aChunkedBodyIsStoppedAsSoonAsItPassesTheCap() throws Exception {
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      raw.head("POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + authHeader() + "Content-Type: image/png\r\nTransfer-Encoding: chunked\r\n");
      long sent = raw.chunkedUntilAnswered(64 * 1024, 16 * MAX_UPLOAD);
      String head = raw.readResponseHead();
      assertEquals(413, RawHttp.status(head), head);
      assertTrue(sent < 4 * MAX_UPLOAD, "stopped after " + sent + " bytes");
    }
  }

  @Test
  void aTextBodyIsAnUnsupportedMediaType() {
    assertProblem(postRaw("/v1/enhance", "text/plain", "hello".getBytes()), 415, "unsupported_media_type");
  }

  @Test
  void aGifIsRecognisedByItsBytesAndRefused() {
    byte[] gif = TestImages.encode(TestImages.gradient(8, 8), "gif");
    assertProblem(postRaw("/v1/enhance", "image/png", gif), 415, "unsupported_image_format");
  }

  @Test
  void aPngHeaderDeclaringTooManyPixelsIsRefusedBeforeDecoding() {
    var problem = assertProblem(postRaw("/v1/enhance", "image/png", TestImages.pngHeaderOnly(50_000, 50_000)), 422,
        "too_many_pixels");
    assertTrue(problem.getString("detail").contains("2500000000"), problem.encode());
  }

  @Test
  void aScaleWhoseResultWouldBeTooLargeIsRefused() {
    assertProblem(postRaw("/v1/enhance?scale=8", "image/png", resource("images/astronaut.png")), 422,
        "result_too_large");
  }

  @Test
  void aTruncatedImageIsReportedAsCorrupt() {
    byte[] cut = TestImages.truncated(resource("images/chelsea.png"), 0.5);
    assertProblem(postRaw("/v1/enhance", "image/png", cut), 422, "corrupt_image");
  }

  @Test
  void aTruncatedJpegHeaderIsReportedAsCorrupt() {
    byte[] cut = TestImages.truncated(resource("images/rocket.jpg"), 0.001);
    assertProblem(postRaw("/v1/enhance", "image/jpeg", cut), 422, "corrupt_image");
  }

  @Test
  void anAnimatedPngIsRefused() {
    assertProblem(postRaw("/v1/enhance", "image/png", TestImages.animatedPng()), 422, "animated_image");
  }

  @Test
  void anUnknownEffectIsABadRequest() {
    assertProblem(postRaw("/v1/enhance?effect=sharpen", "image/png", resource("images/chelsea.png")), 400,
        "unknown_effect");
  }

  @Test
  void anUnsupportedScaleIsABadRequest() {
    assertProblem(postRaw("/v1/enhance?scale=5", "image/png", resource("images/chelsea.png")), 400, "invalid_option");
  }

  @Test
  void anUnknownOptionNameIsABadRequestRatherThanIgnored() {
    assertProblem(postRaw("/v1/enhance?sacle=4", "image/png", resource("images/chelsea.png")), 400, "invalid_option");
  }

  @Test
  void aJpegQualityOutOfRangeInTheOptionsPartIsABadRequest() {
    assertProblem(postMultipart("/v1/enhance", resource("images/chelsea.png"), "{\"format\":\"jpeg\",\"quality\":101}"),
        400, "invalid_option");
  }

  @Test
  void anOptionsPartThatIsNotJsonIsABadRequest() {
    assertProblem(postMultipart("/v1/enhance", resource("images/chelsea.png"), "scale=4"), 400, "invalid_option");
  }

  @Test
  void aMultipartBodyWithoutAnImageIsABadRequest() {
    byte[] body = new Multipart(BOUNDARY).field("options", "{\"scale\":2}").build();
    assertProblem(postMultipartBody(body), 400, "missing_image");
  }

  @Test
  void anEmptyRawBodyIsABadRequest() {
    assertProblem(postRaw("/v1/enhance", "image/png", new byte[0]), 400, "missing_image");
  }

  @Test
  void aSecondFilePartIsRefused() {
    byte[] png = resource("images/chelsea.png");
    byte[] body = new Multipart(BOUNDARY).file("image", "a.png", "image/png", png)
        .file("thumbnail", "b.png", "image/png", png).build();
    assertProblem(postMultipartBody(body), 400, "unexpected_part");
  }

  @Test
  void anUnknownRouteIsAProblemToo() {
    assertProblem(get("/v1/nothing-here"), 404, "not_found");
  }

  @Test
  void theIngestBenchmarkRouteIsOffByDefault() {
    assertProblem(postRaw("/v1/bench/ingest", "image/png", resource("images/chelsea.png")), 404, "not_found");
  }

  private HttpResponse<byte[]> postMultipartBody(byte[] body) {
    return send(request("/v1/enhance")
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }
}
