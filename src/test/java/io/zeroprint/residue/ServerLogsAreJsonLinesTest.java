package io.zeroprint.residue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The server process, started as an operator starts it, writes its logs (its own, Vert.x's, the
 * drain's last lines after SIGTERM) as JSON lines by default, access lines included when asked for.
 */
class ServerLogsAreJsonLinesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int SIGTERM_STATUS = 143;
  /**
   * A JDK logger's line in a text format: ours ("2026-11-30T10:46:18.123 INFO logger - message") or
   * the JDK's default (a "Nov 30, 2026 10:46:18 AM class method" line). TensorFlow's native code
   * writes to the same stream past the JDK logger; its lines are not the logger's to format.
   */
  private static final Pattern TEXT_LINE = Pattern.compile(
      "^(\\d{4}-\\d\\d-\\d\\dT\\S+ (SEVERE|WARNING|INFO|CONFIG|FINE)|[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d\\d:\\d\\d [AP]M )");

  @Test
  void theProcessLogsJsonLinesFromStartToTheEndOfItsDrain() throws Exception {
    String log;
    String requestId;
    try (ServerProcess server = ServerProcess.start(Map.of("ZEROPRINT_HTTP_PORT", "0",
        "ZEROPRINT_LOGGING_ACCESS_LOG", "true", "ZEROPRINT_SHUTDOWN_GRACE_SECONDS", "0"))) {
      server.awaitReady(TIMEOUT);
      HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
          + "/health/live")).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
      requestId = live.headers().firstValue("Zeroprint-Request-Id").orElseThrow();
      // SIGTERM: the drain's lines are written by the drain-safe log manager
      assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(server.pid())).start().waitFor());
      Integer status = server.awaitExit(TIMEOUT);
      log = server.logToTheEnd(TIMEOUT);
      assertEquals(SIGTERM_STATUS, status, "exit status; log:\n" + log);
    }

    List<JsonObject> lines = log.lines().filter(l -> l.startsWith("{")).map(JsonObject::new).toList();
    log.lines().forEach(l -> assertFalse(TEXT_LINE.matcher(l).find(), "a line not in JSON: " + l));
    lines.forEach(j -> {
      for (String field : List.of("ts", "level", "logger", "message")) {
        assertTrue(j.getValue(field) instanceof String, field + " in " + j.encode());
      }
    });
    assertTrue(lines.stream().anyMatch(j -> j.getString("message").startsWith("zeroprint listening on")), log);
    JsonObject access = lines.stream().filter(j -> requestId.equals(j.getString("requestId"))).findFirst()
        .orElseThrow(() -> new AssertionError("no access line for " + requestId + ":\n" + log));
    assertEquals("zeroprint.access", access.getString("logger"));
    assertEquals("/health/live", access.getString("route"));
    assertEquals(200, access.getInteger("status"));
    assertTrue(lines.stream().anyMatch(j -> j.getString("message").equals("drained: no image memory in use")), log);
  }
}
