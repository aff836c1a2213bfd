package io.zeroprint.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.Multipart;
import io.zeroprint.TestTokens;
import io.zeroprint.intake.Doors;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;

/**
 * The caller can see and erase what the server holds about them; and after a run full of
 * security events and work on every transport, nothing logged — in the text or the JSON-lines
 * format, access log on — holds a token, a client address, a raw subject, a file name or image bytes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataRightsAndLogsTest extends ServerTestBase {
  private static final String SUBJECT = "erin@example.org";
  private static final String TOKEN = TestTokens.token(SUBJECT, "enhance admin");
  private static final int WINDOWS = 200;
  private static final int WINDOW = 12;
  private static final String FILE_NAME = "erins-holiday-at-granny.png";
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
  @Order(1)
  void dataShowsTheCallersJobAndEraseCancelsItAndLeavesNothing() throws Exception {
    byte[] jpeg = resource("images/rocket.jpg");
    var dispatched = jobsDispatched(1);
    CompletableFuture<HttpResponse<byte[]>> job = http.sendAsync(as(TOKEN, "/v1/enhance?scale=4")
        .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    await(dispatched, "the first job to reach the worker");

    JsonObject data = json(send(as(TOKEN, "/v1/me/data").GET().build()));
    assertEquals(SUBJECT, data.getString("subject"));
    assertEquals(1, data.getJsonArray("jobs").size());
    JsonObject request = data.getJsonArray("jobs").getJsonObject(0);
    assertEquals("request", request.getString("kind"), "a synchronous request is listed as one");
    assertTrue(List.of("queued", "running").contains(request.getString("state")), request.encode());

    JsonObject erased = json(send(as(TOKEN, "/v1/me").DELETE().build()));
    assertEquals(1, erased.getJsonObject("erased").getInteger("jobsCancelled"));
    assertProblem(job.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), 409, "cancelled");
    assertBuffersReleased();

    JsonObject after = json(send(as(TOKEN, "/v1/me/data").GET().build()));
    assertEquals(0, after.getJsonArray("jobs").size());
    assertEquals(0, after.getJsonArray("retainedResults").size());
  }

  @Test
  @Order(2)
  void securityEventsAreAuditedUnderAPseudonym() {
    send(as("not-a-token", "/v1/me/data").GET().build());
    send(as(TestTokens.token(SUBJECT, "profile"), "/v1/enhance").POST(HttpRequest.BodyPublishers.noBody()).build());
    send(as(TOKEN, "/v1/admin/status").GET().build());

    List<JsonObject> audit = logs.lines().stream().filter(l -> l.startsWith(io.zeroprint.privacy.AuditLog.LOGGER))
        .map(l -> new JsonObject(l.substring(l.indexOf('{'), l.lastIndexOf('}') + 1))).toList();
    List<String> events = audit.stream().map(a -> a.getString("event")).toList();
    assertTrue(events.containsAll(List.of("erasure", "auth_failure", "forbidden", "admin_access")), events.toString());
    audit.stream().map(a -> a.getString("subject")).forEach(s -> assertTrue(s.equals("-") || s.matches("[0-9a-f]{24}"), s));
  }

  @Test
  @Order(3)
  void nothingLoggedHoldsATokenAnAddressARawSubjectAFileNameOrImageBytes() throws Exception {
    byte[] png = resource("images/chelsea.png");
    send(as(TOKEN, "/v1/enhance").header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build());
    Multipart form = new Multipart(BOUNDARY).file("image", FILE_NAME, "image/png", png);
    assertEquals(200, send(as(TOKEN, "/v1/enhance").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.build())).build()).statusCode());
    Doors doors = new Doors(http, server.port(), TIMEOUT);
    for (Doors.Door door : List.of(Doors.Door.JOB, Doors.Door.WEBSOCKET, Doors.Door.TUS)) {
      Map<String, Object> options = door == Doors.Door.TUS ? Map.of("filename", FILE_NAME) : Map.of();
      Doors.Outcome outcome = doors.submit(door, TOKEN, options, png, Map.of());
      assertTrue(outcome.served(), door + ": " + outcome);
    }
    List<String> routes = logs.json("zeroprint.access").stream().map(j -> j.getString("route"))
        .toList();
    assertTrue(routes.containsAll(List.of("/v1/enhance", "/v1/jobs", "/v1/jobs/:id/events", "/v1/jobs/:id/result",
        "/v1/ws", "/v1/uploads", "/v1/uploads/:id", "/v1/me/data", "/v1/me")), "an access line per request: " + routes);

    String text = logs.text();
    String json = logs.jsonText();
    String decoded = decodedValues(json);
    assertFalse(text.isEmpty(), "the capture saw the server's logs");
    for (String logged : List.of(text, json, decoded)) {
      for (String secret : List.of(TOKEN, TOKEN.split("\\.")[2], SUBJECT, "127.0.0.1", "not-a-token", FILE_NAME,
          "erins-holiday")) {
        assertFalse(logged.contains(secret), "log holds " + secret);
      }
      assertNoWindowOf(resource("images/rocket.jpg"), logged);
      assertNoWindowOf(png, logged);
    }
  }

  /** Every value of every JSON line, unescaped: what a log pipeline would index. */
  private static String decodedValues(String jsonLines) {
    List<String> values = new ArrayList<>();
    for (String line : jsonLines.split("\n")) {
      collect(new JsonObject(line).getMap(), values);
    }
    return String.join("\n", values);
  }

  private static void collect(Object value, List<String> into) {
    if (value instanceof Map<?, ?> m) {
      m.values().forEach(v -> collect(v, into));
    } else if (value instanceof List<?> l) {
      l.forEach(v -> collect(v, into));
    } else if (value instanceof JsonObject o) {
      collect(o.getMap(), into);
    } else if (value instanceof io.vertx.core.json.JsonArray a) {
      collect(a.getList(), into);
    } else {
      into.add(String.valueOf(value));
    }
  }

  /** No {@value #WINDOW}-byte run of the image appears in the log text. */
  private static void assertNoWindowOf(byte[] image, String text) {
    Random r = new Random(7);
    String latin = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    for (int i = 0; i < WINDOWS; i++) {
      int at = r.nextInt(image.length - WINDOW);
      String window = new String(image, at, WINDOW, StandardCharsets.ISO_8859_1);
      assertFalse(latin.contains(window) || text.contains(window), "image bytes at " + at + " found in the logs");
    }
  }

  private HttpRequest.Builder as(String token, String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token);
  }

  private static JsonObject json(HttpResponse<byte[]> resp) {
    assertEquals(200, resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8));
    return new JsonObject(new String(resp.body(), StandardCharsets.UTF_8));
  }
}
