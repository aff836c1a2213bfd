package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.RawHttp;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.TestTokens;
import io.zeroprint.bus.Bus;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Answers a client relies on: headers, states and limits as the README states them. */
class ApiAnswersAsDocumentedTest extends ServerTestBase {
  private static final int WORK_PER_MINUTE = 3;
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(16, 16), "png");

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("abuse").put("perSubjectPerMinute", WORK_PER_MINUTE);
    o.put("jobs", new JsonObject().put("maxPerSubject", 2));
    return o;
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void aMethodTheResourceDoesNotAllowGets405WithAllow() {
    HttpResponse<byte[]> resp = send(request("/v1/jobs/some-id").PUT(HttpRequest.BodyPublishers.noBody()).build());

    assertProblem(resp, 405, "method_not_allowed");
    assertEquals("DELETE, GET", resp.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void pollingAJobSpendsTheReadAllowanceNotTheAllowanceForWork() {
    String token = TestTokens.token("poller", "enhance");
    String id = job(token);
    for (int i = 0; i < 10; i++) {
      assertEquals(200, as(token, request("/v1/jobs/" + id)).statusCode());
    }
    take(token, id);
    String second = job(token); // work is still allowed
    String third = job(token);
    HttpResponse<byte[]> refused = as(token, post("/v1/jobs"));
    take(token, second);
    take(token, third);

    assertProblem(refused, 429, "rate_limited");
    assertEquals(String.valueOf(WORK_PER_MINUTE), refused.headers().firstValue("RateLimit-Limit").orElse(""),
        "the limit that refused");
    assertEquals("0", refused.headers().firstValue("RateLimit-Remaining").orElse(""));
    assertEquals(refused.headers().firstValue("Retry-After").orElse("?"),
        refused.headers().firstValue("RateLimit-Reset").orElse("!"), "one answer to 'when'");
  }

  @Test
  void aResultNotReadyYetSaysWhenToRetry() {
    intercept(ctx -> {
      if (Bus.ENHANCE.equals(ctx.message().address())) {
        server.vertx().setTimer(1_000, t -> ctx.next());
      } else {
        ctx.next();
      }
    });
    String token = TestTokens.token("impatient", "enhance");
    String id = job(token);

    HttpResponse<byte[]> early = as(token, request("/v1/jobs/" + id + "/result"));

    assertProblem(early, 409, "result_not_ready");
    assertTrue(early.headers().firstValue("Retry-After").isPresent());
    take(token, id);
  }

  @Test
  void deletingAFinishedJobSaysItsResultWasErased() throws Exception {
    String token = TestTokens.token("deleter", "enhance");
    String id = job(token);
    awaitDone(token, id);

    HttpResponse<byte[]> deleted = as(token, request("/v1/jobs/" + id).DELETE());

    assertEquals(200, deleted.statusCode());
    assertEquals("erased", new JsonObject(new String(deleted.body(), StandardCharsets.UTF_8)).getString("state"));
    assertProblem(as(token, request("/v1/jobs/" + id + "/result")), 410, "result_gone");
  }

  @Test
  void oneSubjectCannotFillTheRegistryWithUncollectedJobs() throws Exception {
    String hoarder = TestTokens.token("hoarder", "enhance");
    String first = job(hoarder);
    String second = job(TestTokens.token("hoarder", "enhance"));
    awaitDone(hoarder, first);
    awaitDone(hoarder, second);

    assertProblem(as(hoarder, post("/v1/jobs")), 429, "too_many_jobs");
    String other = TestTokens.token("someone-else", "enhance");
    take(other, job(other));
    take(hoarder, first);
    take(hoarder, second);
  }

  @Test
  void aMalformedQueryEscapeIsABadRequestNotAServerError() throws Exception {
    String reply;
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      reply = raw.head("POST /v1/enhance?scale=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authHeader()
          + "Content-Type: image/png\r\nContent-Length: 0\r\nConnection: close\r\n").readAll();
    }

    assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
    assertTrue(reply.contains("malformed_request"), reply);
  }

  private String job(String token) {
    HttpResponse<byte[]> accepted = as(token, post("/v1/jobs"));
    assertEquals(202, accepted.statusCode(), new String(accepted.body(), StandardCharsets.UTF_8));
    return new JsonObject(new String(accepted.body(), StandardCharsets.UTF_8)).getString("job");
  }

  private void awaitDone(String token, String id) throws Exception {
    HttpResponse<java.util.stream.Stream<String>> events = http.send(request("/v1/jobs/" + id + "/events")
        .setHeader("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofLines());
    assertTrue(events.body().anyMatch(l -> l.contains("\"state\":\"done\"")));
  }

  private void take(String token, String id) {
    try {
      awaitDone(token, id);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertEquals(200, as(token, request("/v1/jobs/" + id + "/result")).statusCode());
  }

  private HttpRequest.Builder post(String path) {
    return request(path).header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(IMAGE));
  }

  private HttpResponse<byte[]> as(String token, HttpRequest.Builder b) {
    return send(b.setHeader("Authorization", "Bearer " + token).build());
  }
}
