package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.contract.SseEvents;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Helpers for job tests: submit, follow events over SSE, fetch results. */
abstract class JobsTestBase extends ServerTestBase {
  static final Set<String> TERMINAL = Set.of("done", "failed", "cancelled", "expired");

  /** POST /v1/jobs with a raw body; asserts 202 and returns the body. */
  JsonObject submit(String query, String contentType, byte[] body) {
    HttpResponse<byte[]> resp = postRaw("/v1/jobs" + query, contentType, body);
    assertEquals(202, resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8));
    return new JsonObject(new String(resp.body(), StandardCharsets.UTF_8));
  }

  /** Reads the job's SSE stream until the server ends it (after a terminal event). */
  List<JsonObject> events(String jobId) {
    try {
      HttpResponse<java.util.stream.Stream<String>> resp = http.send(request("/v1/jobs/" + jobId + "/events").GET().build(),
          HttpResponse.BodyHandlers.ofLines());
      assertEquals("text/event-stream", resp.headers().firstValue("content-type").orElse(""));
      return SseEvents.of(resp.body()).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  HttpResponse<byte[]> result(String jobId, String key) {
    HttpRequest.Builder b = request("/v1/jobs/" + jobId + "/result").GET();
    if (key != null) {
      b.header("Zeroprint-Result-Key", key);
    }
    return send(b.build());
  }

  HttpResponse<byte[]> delete(String jobId) {
    return send(request("/v1/jobs/" + jobId).DELETE().build());
  }

  static List<String> states(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("state")).distinct().toList();
  }
}
