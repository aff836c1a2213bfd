package io.zeroprint.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One-line requests and assertions shared by the fault tests. */
abstract class FaultTestBase extends ServerTestBase {

  /** POST /v1/jobs with a raw body; asserts 202 and returns the body. */
  JsonObject submitJob(String query, String contentType, byte[] body) {
    HttpResponse<byte[]> resp = postRaw("/v1/jobs" + query, contentType, body);
    assertEquals(202, resp.statusCode(), () -> new String(resp.body(), StandardCharsets.UTF_8));
    return json(resp);
  }

  /** The job's SSE events until the server ends the stream; fails if that takes longer than the timeout. */
  List<JsonObject> events(String jobId) {
    try {
      return http.sendAsync(request("/v1/jobs/" + jobId + "/events").GET().build(), HttpResponse.BodyHandlers.ofLines())
          .thenApply(resp -> {
            try (Stream<String> lines = resp.body()) {
              return lines.filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring(6))).toList();
            }
          })
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the event stream of " + jobId + " did not end", e);
    }
  }

  /** The last event of the job's stream: its terminal state. */
  JsonObject finalEvent(String jobId) {
    List<JsonObject> events = events(jobId);
    assertTrue(!events.isEmpty(), "no events for " + jobId);
    return events.get(events.size() - 1);
  }

  HttpResponse<byte[]> result(String jobId, String key) {
    HttpRequest.Builder b = request("/v1/jobs/" + jobId + "/result").GET();
    if (key != null) {
      b.header("Zeroprint-Result-Key", key);
    }
    return send(b.build());
  }

  HttpResponse<byte[]> delete(String path) {
    return send(request(path).DELETE().build());
  }

  /** A request builder for another subject (own limits, own data). */
  HttpRequest.Builder as(String subject, String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + TestTokens.token(subject, "enhance"));
  }

  /** Asserts the problem and that it says when to retry. */
  static JsonObject assertRetryableProblem(HttpResponse<byte[]> resp, int status, String code) {
    JsonObject problem = assertProblem(resp, status, code);
    assertTrue(resp.headers().firstValue("retry-after").map(v -> Integer.parseInt(v) > 0).orElse(false),
        "Retry-After on " + code + ": " + resp.headers().map());
    return problem;
  }

  static JsonObject json(HttpResponse<byte[]> resp) {
    return new JsonObject(new String(resp.body(), StandardCharsets.UTF_8));
  }
}
