package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.TestTokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tus 1.0.0 at /v1/uploads, case by case, with a real HTTP client against a real server. */
class ResumableUploadsTest extends ServerTestBase {
  private static final int MAX_PER_SUBJECT = 2;
  private static final byte[] SMALL = TestImages.encode(TestImages.noise(64, 48, 7), "png");
  /** Large enough to span several memory segments, so the memory held says how far a chunk got. */
  private static final byte[] MEDIUM = TestImages.encode(TestImages.noise(320, 240, 11), "png");
  private static final int SEGMENT = 65_536;
  private static final AtomicInteger SUBJECTS = new AtomicInteger();

  private Tus tus;

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("uploads", new JsonObject().put("maxPerSubject", MAX_PER_SUBJECT));
  }

  @BeforeAll
  void client() {
    tus = new Tus(http, server.port(), TIMEOUT);
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void optionsDiscoveryNamesTheVersionExtensionsChecksumAndMaximumSize() {
    HttpResponse<byte[]> r = tus.options(token());
    assertEquals(204, r.statusCode());
    assertEquals("1.0.0", header(r, "Tus-Version"));
    assertEquals("1.0.0", header(r, "Tus-Resumable"));
    assertEquals("creation,creation-with-upload,termination,expiration,checksum", header(r, "Tus-Extension"));
    assertEquals("sha256", header(r, "Tus-Checksum-Algorithm"));
    assertEquals(Long.toString(MAX_UPLOAD), header(r, "Tus-Max-Size"));
  }

  @Test
  void theLastChunkNamesTheJobAndTheJobsResultIsTheOneShotResult() {
    String token = token();
    HttpResponse<byte[]> last = tus.upload(token, SMALL, Map.of("scale", "2", "filename", "me.png"), 1000);
    assertEquals(204, last.statusCode(), () -> new String(last.body(), StandardCharsets.UTF_8));
    assertEquals(Long.toString(SMALL.length), header(last, "Upload-Offset"));
    String job = header(last, "Zeroprint-Job");
    assertTrue(last.headers().allValues("Link").contains("</v1/jobs/" + job + ">; rel=\"related\"; title=\"job\""),
        last.headers().allValues("Link").toString());

    byte[] viaTus = tus.result(token, job);
    HttpResponse<byte[]> oneShot = postRaw("/v1/enhance?scale=2", "image/png", SMALL);
    assertEquals(200, oneShot.statusCode());
    assertArrayEquals(oneShot.body(), viaTus, "the same image as a one-shot upload");
  }

  @Test
  void creationWithUploadAcknowledgesTheFirstChunk() {
    String token = token();
    HttpResponse<byte[]> created = tus.createWith(token, SMALL.length, Map.of(), Arrays.copyOf(SMALL, 500));
    assertEquals(201, created.statusCode(), () -> new String(created.body(), StandardCharsets.UTF_8));
    assertEquals("500", header(created, "Upload-Offset"));
    assertTrue(header(created, "Upload-Expires").endsWith("GMT"));
    String location = header(created, "Location");
    assertTrue(location.startsWith("/v1/uploads/"), location);
    HttpResponse<byte[]> head = tus.head(token, location);
    assertEquals(200, head.statusCode());
    assertEquals("500", header(head, "Upload-Offset"));
    assertEquals(Integer.toString(SMALL.length), header(head, "Upload-Length"));
    assertEquals("no-store", header(head, "Cache-Control"));
    assertEquals(204, tus.delete(token, location).statusCode());
  }

  @Test
  void aChunkAtTheWrongOffsetIs409AndChangesNothing() {
    String token = token();
    String location = started(token, 1000);
    HttpResponse<byte[]> behind = tus.patch(token, location, 500, Arrays.copyOfRange(SMALL, 500, 1500));
    assertProblem(behind, 409, "offset_mismatch");
    assertEquals("1000", header(behind, "Upload-Offset"), "the answer says where to resume");
    assertProblem(tus.patch(token, location, 2000, Arrays.copyOfRange(SMALL, 2000, 2100)), 409, "offset_mismatch");
    assertEquals("1000", header(tus.head(token, location), "Upload-Offset"));
    tus.result(token, header(finish(token, location, 1000), "Zeroprint-Job"));
  }

  @Test
  void aChunkThatFailsItsChecksumIs460AndNothingAcknowledgedChanges() {
    String token = token();
    String location = started(token, 1000);
    byte[] chunk = Arrays.copyOfRange(SMALL, 1000, 2000);
    byte[] tampered = chunk.clone();
    tampered[10] ^= 0x55;
    HttpResponse<byte[]> refused = tus.patch(token, location, 1000, tampered, chunk);
    assertProblem(refused, 460, "checksum_mismatch");
    assertEquals("1000", header(refused, "Upload-Offset"));
    assertEquals("1000", header(tus.head(token, location), "Upload-Offset"));

    HttpResponse<byte[]> accepted = tus.patch(token, location, 1000, chunk, chunk);
    assertEquals(204, accepted.statusCode());
    assertEquals("2000", header(accepted, "Upload-Offset"));
    String job = header(finish(token, location, 2000), "Zeroprint-Job");
    HttpResponse<byte[]> oneShot = postRaw("/v1/enhance", "image/png", SMALL);
    assertArrayEquals(oneShot.body(), tus.result(token, job), "the refused chunk left no trace in the image");
  }

  @Test
  void aChunkThatBreaksOffIsCutOffAndZeroedAndTheUploadResumesFromTheAcknowledgedOffset() throws Exception {
    String token = token();
    String location = startedMedium(token);
    try (io.zeroprint.RawHttp raw = partialPatch(token, location)) {
      awaitInUse(3L * SEGMENT); // the broken chunk's bytes arrived
    }
    awaitInUse(SEGMENT); // cut off: only the acknowledged segment is held
    assertEquals(Integer.toString(SEGMENT - 1), header(tus.head(token, location), "Upload-Offset"));
    HttpResponse<byte[]> last = tus.patch(token, location, SEGMENT - 1, Arrays.copyOfRange(MEDIUM, SEGMENT - 1, MEDIUM.length));
    assertEquals(204, last.statusCode());
    tus.result(token, header(last, "Zeroprint-Job"));
  }

  @Test
  void aClientResumingBeforeTheServerNoticedTheDropTakesOverFromTheStaleChunk() throws Exception {
    String token = token();
    String location = startedMedium(token);
    try (io.zeroprint.RawHttp stale = partialPatch(token, location)) {
      awaitInUse(3L * SEGMENT);
      HttpResponse<byte[]> last = tus.patch(token, location, SEGMENT - 1,
          Arrays.copyOfRange(MEDIUM, SEGMENT - 1, MEDIUM.length));
      assertEquals(204, last.statusCode(), () -> new String(last.body(), StandardCharsets.UTF_8));
      assertEquals("", stale.readAll(), "the stale chunk's connection is closed unanswered");
      HttpResponse<byte[]> oneShot = postRaw("/v1/enhance", "image/png", MEDIUM);
      assertArrayEquals(oneShot.body(), tus.result(token, header(last, "Zeroprint-Job")));
    }
  }

  @Test
  void anUnsupportedChecksumAlgorithmIsABadRequest() {
    String token = token();
    String location = started(token, 100);
    HttpResponse<byte[]> r = sendPatchWithHeader(token, location, "Upload-Checksum", "md5 AAAA");
    assertProblem(r, 400, "malformed_request");
    assertEquals(204, tus.delete(token, location).statusCode());
  }

  @Test
  void anUploadLengthOverTheCapIs413BeforeAnyByteIsSent() {
    assertProblem(tus.create(token(), Long.toString(MAX_UPLOAD + 1), Map.of()), 413, "payload_too_large");
  }

  @Test
  void bytesPastTheUploadLengthAre413AndTheAcknowledgedOffsetStays() {
    String token = token();
    HttpResponse<byte[]> created = tus.create(token, "1000", Map.of());
    String location = header(created, "Location");
    assertProblem(tus.patch(token, location, 0, Arrays.copyOf(SMALL, 1500)), 413, "payload_too_large");
    assertEquals("0", header(tus.head(token, location), "Upload-Offset"));
    assertEquals(204, tus.delete(token, location).statusCode());
  }

  @Test
  void anUploadLengthMissingNegativeOrHugeIsRefused() {
    String token = token();
    assertTrue(problem(tus.create(token, null, Map.of()), 400, "malformed_request").contains("Upload-Length"));
    assertProblem(tus.create(token, "-5", Map.of()), 400, "malformed_request");
    assertProblem(tus.create(token, "1e6", Map.of()), 400, "malformed_request");
    assertProblem(tus.create(token, "99999999999999999999999", Map.of()), 413, "payload_too_large");
    assertProblem(tus.create(token, "0", Map.of()), 400, "missing_image");
  }

  @Test
  void aRequestWithoutTusResumableIs412NamingTheVersion() {
    String token = token();
    HttpResponse<byte[]> r = send(request("/v1/uploads").header("Upload-Length", "10")
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertProblem(r, 412, "unsupported_version");
    assertEquals("1.0.0", header(r, "Tus-Version"));
    assertTrue(token != null);
  }

  @Test
  void aPatchAfterTerminationIs404AndTheUploadsMemoryIsZeroed() {
    String token = token();
    String location = started(token, 1000);
    assertEquals(204, tus.delete(token, location).statusCode());
    assertProblem(tus.patch(token, location, 1000, Arrays.copyOfRange(SMALL, 1000, 2000)), 404, "not_found");
    assertNoSuchUpload(tus.head(token, location));
  }

  @Test
  void someoneElsesUploadIsNotFound() {
    String owner = token();
    String location = started(owner, 1000);
    String other = token();
    assertNoSuchUpload(tus.head(other, location));
    assertProblem(tus.patch(other, location, 1000, Arrays.copyOfRange(SMALL, 1000, 2000)), 404, "not_found");
    assertProblem(tus.delete(other, location), 404, "not_found");
    assertEquals("1000", header(tus.head(owner, location), "Upload-Offset"));
    assertEquals(204, tus.delete(owner, location).statusCode());
  }

  @Test
  void oneSubjectsUnfinishedUploadsAreCapped() {
    String token = token();
    String first = started(token, 10);
    String second = started(token, 10);
    HttpResponse<byte[]> third = tus.create(token, Integer.toString(SMALL.length), Map.of());
    assertProblem(third, 429, "too_many_uploads");
    assertTrue(third.headers().firstValue("Retry-After").isPresent());
    assertEquals(204, tus.delete(token, first).statusCode());
    String fourth = started(token, 10);
    assertEquals(204, tus.delete(token, second).statusCode());
    assertEquals(204, tus.delete(token, fourth).statusCode());
  }

  @Test
  void optionsInTheMetadataAreCheckedAtCreation() {
    assertProblem(tus.create(token(), "1000", Map.of("effect", "sharpen-my-face")), 400, "unknown_effect");
    assertProblem(tus.create(token(), "1000", Map.of("effect", "cutout", "scale", "2")), 400, "invalid_option");
  }

  @Test
  void deletingTheJobEndsItsUploadAndZeroesIt() throws Exception {
    String token = token();
    HttpResponse<byte[]> created = tus.createWith(token, SMALL.length, Map.of(), Arrays.copyOf(SMALL, 700));
    String location = header(created, "Location");
    // The job is addressable from creation on: the data-rights listing shows it while it is receiving.
    JsonObject data = new JsonObject(new String(send(as(token, "/v1/me/data")
        .GET().build()).body(), StandardCharsets.UTF_8));
    String job = data.getJsonArray("jobs").getJsonObject(0).getString("id");
    HttpResponse<byte[]> deleted = send(as(token, "/v1/jobs/" + job)
        .DELETE().build());
    assertEquals(200, deleted.statusCode(), () -> new String(deleted.body(), StandardCharsets.UTF_8));
    assertNoSuchUpload(tus.head(token, location));
  }

  private HttpResponse<byte[]> sendPatchWithHeader(String token, String location, String name, String value) {
    return send(java.net.http.HttpRequest.newBuilder(uri(location)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0").header("Upload-Offset", "100")
        .header("Content-Type", Tus.OFFSET_STREAM).header(name, value)
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(SMALL, 100, 200)))
        .build());
  }

  /** An upload of SMALL with its first {@code acknowledged} bytes sent; its location. */
  private String started(String token, int acknowledged) {
    HttpResponse<byte[]> created = tus.create(token, Integer.toString(SMALL.length), Map.of());
    assertEquals(201, created.statusCode(), () -> new String(created.body(), StandardCharsets.UTF_8));
    String location = header(created, "Location");
    HttpResponse<byte[]> first = tus.patch(token, location, 0, Arrays.copyOf(SMALL, acknowledged));
    assertEquals(204, first.statusCode(), () -> new String(first.body(), StandardCharsets.UTF_8));
    return location;
  }

  /** An upload of MEDIUM with one byte less than a segment acknowledged; its location. */
  private String startedMedium(String token) {
    HttpResponse<byte[]> created = tus.createWith(token, MEDIUM.length, Map.of(), Arrays.copyOf(MEDIUM, SEGMENT - 1));
    assertEquals(201, created.statusCode());
    return header(created, "Location");
  }

  /** A PATCH at the acknowledged offset that sends two segments' worth of its bytes and then stalls. */
  private io.zeroprint.RawHttp partialPatch(String token, String location) throws Exception {
    io.zeroprint.RawHttp raw = new io.zeroprint.RawHttp(server.port(), TIMEOUT);
    raw.head("PATCH " + location + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token
        + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " + (SEGMENT - 1)
        + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " + (MEDIUM.length - SEGMENT + 1) + "\r\n");
    raw.body(Arrays.copyOfRange(MEDIUM, SEGMENT - 1, 2 * SEGMENT + 1000));
    return raw;
  }

  /** Waits (bounded) until the pool holds exactly {@code bytes} of image memory. */
  private void awaitInUse(long bytes) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (server.store().stats().inUseBytes() != bytes) {
      assertTrue(System.nanoTime() < deadline, "in use: " + server.store().stats().inUseBytes() + ", expected " + bytes);
      Thread.sleep(10);
    }
  }

  /** Sends the rest of SMALL from {@code from}; the last answer. */
  private HttpResponse<byte[]> finish(String token, String location, int from) {
    HttpResponse<byte[]> last = tus.patch(token, location, from, Arrays.copyOfRange(SMALL, from, SMALL.length));
    assertEquals(204, last.statusCode(), () -> new String(last.body(), StandardCharsets.UTF_8));
    return last;
  }

  private java.net.http.HttpRequest.Builder as(String token, String path) {
    return java.net.http.HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token);
  }

  /** A HEAD answer has no body: the status and the protocol header say it all. */
  private static void assertNoSuchUpload(HttpResponse<byte[]> head) {
    assertEquals(404, head.statusCode());
    assertEquals("1.0.0", header(head, "Tus-Resumable"));
  }

  private static String problem(HttpResponse<byte[]> r, int status, String code) {
    return assertProblem(r, status, code).getString("detail");
  }

  private static String header(HttpResponse<byte[]> r, String name) {
    return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " in " + r.headers().map()));
  }

  private static String token() {
    return TestTokens.token("tus-" + SUBJECTS.incrementAndGet(), "enhance");
  }
}
