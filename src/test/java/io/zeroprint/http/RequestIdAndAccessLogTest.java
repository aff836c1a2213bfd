package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.RawHttp;
import io.zeroprint.ServerTestBase;
import io.zeroprint.WsClient;
import io.zeroprint.privacy.LogCapture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every answer names its request with an id of its own, a synchronous enhance by its receipt's id,
 * and the access log has one line per request naming the route template, never what the client typed.
 */
class RequestIdAndAccessLogTest extends ServerTestBase {
  private static final String HEADER = "Zeroprint-Request-Id";
  private static final Pattern UUID_FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final String UPGRADE = "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  private LogCapture logs;

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("logging", new JsonObject().put("accessLog", true));
  }

  @BeforeAll
  void captureLogs() {
    logs = LogCapture.install();
  }

  @AfterAll
  void releaseLogs() {
    logs.close();
  }

  @Test
  void everyAnswerCarriesARequestIdOfItsOwn() throws Exception {
    List<String> ids = new ArrayList<>();
    ids.add(idOf(send(HttpRequest.newBuilder(uri("/health/live")).timeout(TIMEOUT).GET().build()), 200));
    ids.add(idOf(send(HttpRequest.newBuilder(uri("/v1/effects")).timeout(TIMEOUT).GET().build()), 200));
    ids.add(idOf(send(HttpRequest.newBuilder(uri("/")).timeout(TIMEOUT).GET().build()), 200));
    ids.add(idOf(send(HttpRequest.newBuilder(uri("/no/such/thing")).timeout(TIMEOUT).GET().build()), 404));
    ids.add(idOf(send(HttpRequest.newBuilder(uri("/health/live")).timeout(TIMEOUT).DELETE().build()), 405));
    ids.add(idOf(send(HttpRequest.newBuilder(uri("/v1/me/data")).timeout(TIMEOUT).GET().build()), 401));
    ids.add(idOf(send(request("/v1/uploads").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Tus-Resumable", "1.0.0").build()), 204));
    ids.add(idOf(postRaw("/v1/enhance", "image/png", "not an image".getBytes()), 415, 400, 422));
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      ids.add(idOfHead(raw.head(UPGRADE).readResponseHead(), 401)); // a refused upgrade
    }
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      ids.add(idOfHead(raw.head("GET /health/live HTTP/1.1\r\nConnection: close\r\n").readResponseHead(), 400)); // no Host
    }

    assertEquals(ids.size(), new HashSet<>(ids).size(), "one id per request: " + ids);
  }

  @Test
  void aSynchronousEnhanceIsNamedByItsReceiptsIdInItsAnswerAndItsAccessLine() {
    byte[] png = resource("images/chelsea.png");
    HttpResponse<byte[]> resp = postRaw("/v1/enhance", "image/png", png);
    String id = idOf(resp, 200);
    assertEquals("</v1/receipts/" + id + ">; rel=\"receipt\"", resp.headers().firstValue("Link").orElse(""));

    JsonObject line = accessLine(id);
    assertEquals("POST", line.getString("method"));
    assertEquals("/v1/enhance", line.getString("route"));
    assertEquals(200, line.getInteger("status"));
    assertEquals(id, line.getString("job"));
    assertEquals("upscale", line.getString("effect"));
    assertEquals(png.length, line.getLong("bytesIn"));
    assertEquals(resp.body().length, line.getLong("bytesOut"), "the body's bytes");
    assertTrue(line.getLong("durationMs") >= 0);
    assertEquals("INFO", line.getString("level"));
    assertEquals("POST /v1/enhance 200", line.getString("message"));
  }

  @Test
  void anAccessLineNamesTheRouteTemplateNeverThePathOrQueryTheClientTyped() {
    String unknownJob = UUID.randomUUID().toString();
    String id = idOf(get("/v1/jobs/" + unknownJob + "?note=private-query-value"), 404);
    JsonObject line = accessLine(id);
    assertEquals("/v1/jobs/:id", line.getString("route"));
    assertEquals(404, line.getInteger("status"));
    assertFalse(line.encode().contains(unknownJob) || line.encode().contains("private-query-value"), line.encode());

    String other = idOf(get("/private/path/nobody-serves"), 404);
    JsonObject unknown = accessLine(other);
    assertEquals("-", unknown.getString("route"));
    assertFalse(unknown.encode().contains("nobody-serves"), unknown.encode());
  }

  @Test
  void aJobsRequestsNameTheJobAndItsEffect() {
    HttpResponse<byte[]> accepted = postRaw("/v1/jobs?effect=upscale", "image/png", resource("images/chelsea.png"));
    String id = idOf(accepted, 202);
    String job = new JsonObject(new String(accepted.body())).getString("job");
    assertFalse(id.equals(job), "a job's request has an id of its own");
    JsonObject line = accessLine(id);
    assertEquals("/v1/jobs", line.getString("route"));
    assertEquals(job, line.getString("job"));
    assertEquals("upscale", line.getString("effect"));

    String status = idOf(get("/v1/jobs/" + job), 200);
    assertEquals(job, accessLine(status).getString("job"));
    assertEquals("/v1/jobs/:id", accessLine(status).getString("route"));
    send(request("/v1/jobs/" + job).DELETE().build());
  }

  @Test
  void aWebSocketIsOneAccessLineWithStatus101WhenItCloses() throws Exception {
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      idOfHead(raw.head(UPGRADE + authHeader()).readResponseHead(), 101);
    }
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      ws.send(new JsonObject().put("type", "subscribe").put("job", "no-such-job"));
      ws.await(WsClient.type("error"));
    }
    JsonObject line = logs.await(RequestLog.LOGGER, j -> "/v1/ws".equals(j.getString("route"))
        && Integer.valueOf(101).equals(j.getInteger("status")), TIMEOUT);
    assertEquals("GET", line.getString("method"));
    assertTrue(UUID_FORM.matcher(line.getString("requestId")).matches(), line.encode());
  }

  @Test
  void aClientThatLeavesBeforeItsAnswerIsLoggedAsAborted() throws Exception {
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      String head = raw.head("POST /v1/enhance HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
          + "Content-Length: 100000\r\nExpect: 100-continue\r\n" + authHeader()).readResponseHead();
      assertEquals(100, RawHttp.status(head), "the server takes the upload: " + head);
      raw.body(new byte[1000]);
    } // and leaves
    JsonObject line = logs.await(RequestLog.LOGGER, j -> Boolean.TRUE.equals(j.getBoolean("aborted")), TIMEOUT);
    assertEquals("/v1/enhance", line.getString("route"));
    assertNull(line.getInteger("status"), "no answer was sent: " + line.encode());
    assertBuffersReleased();
  }

  private JsonObject accessLine(String requestId) {
    return logs.await(RequestLog.LOGGER, j -> requestId.equals(j.getString("requestId")), TIMEOUT);
  }

  private static String idOf(HttpResponse<byte[]> resp, int... statuses) {
    assertTrue(java.util.Arrays.stream(statuses).anyMatch(s -> s == resp.statusCode()),
        resp.uri() + " answered " + resp.statusCode() + ": " + new String(resp.body()));
    List<String> ids = resp.headers().allValues(HEADER);
    assertEquals(1, ids.size(), resp.uri() + " " + ids);
    assertTrue(UUID_FORM.matcher(ids.get(0)).matches(), ids.get(0));
    return ids.get(0);
  }

  private static String idOfHead(String head, int status) {
    assertEquals(status, RawHttp.status(head), head);
    Matcher m = Pattern.compile("(?im)^" + HEADER + ": ([0-9a-f-]+)").matcher(head);
    assertTrue(m.find(), head);
    String id = m.group(1).toLowerCase(Locale.ROOT);
    assertTrue(UUID_FORM.matcher(id).matches(), id);
    return id;
  }
}
