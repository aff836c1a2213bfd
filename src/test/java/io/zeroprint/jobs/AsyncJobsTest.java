package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.Pixels;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Asynchronous jobs over HTTP: 202, progress over SSE, one-time results, idempotent retries. */
class AsyncJobsTest extends JobsTestBase {

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void aJobReportsItsStatesInOrderOverSseAndItsResultIsDeliveredOnce() {
    JsonObject accepted = submit("?scale=2", "image/jpeg", resource("images/rocket.jpg"));
    String id = accepted.getString("job");
    assertEquals("/v1/jobs/" + id + "/events", accepted.getJsonObject("links").getString("events"));

    List<JsonObject> events = events(id);

    List<String> states = states(events);
    assertEquals("done", states.get(states.size() - 1), states.toString());
    assertTrue(List.of("queued", "running", "encoding", "done").containsAll(states), states.toString());
    assertTrue(states.indexOf("running") < states.indexOf("encoding"), states.toString());
    long[] seqs = events.stream().mapToLong(e -> e.getLong("seq")).toArray();
    for (int i = 1; i < seqs.length; i++) {
      assertTrue(seqs[i] >= seqs[i - 1], "seq goes up");
    }
    assertTrue(events.stream().anyMatch(e -> e.getJsonObject("progress").containsKey("tiles")), "tile progress");
    JsonObject done = events.get(events.size() - 1);
    assertEquals(1280, done.getJsonObject("result").getInteger("width"));

    HttpResponse<byte[]> first = result(id, null);
    assertEquals(200, first.statusCode());
    assertEquals(1280, Pixels.decode(first.body()).getWidth());
    assertProblem(result(id, null), 410, "result_gone");
    assertProblem(send(request("/v1/jobs/" + id).GET().build()), 410, "result_gone");
  }

  @Test
  void preferRespondAsyncTurnsEnhanceIntoAJob() {
    HttpResponse<byte[]> resp = send(request("/v1/enhance").header("Prefer", "respond-async")
        .header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(io.zeroprint.TestImages.encode(io.zeroprint.TestImages.gradient(24, 24), "png")))
        .build());

    assertEquals(202, resp.statusCode());
    assertEquals("respond-async", resp.headers().firstValue("preference-applied").orElse(""));
    String id = new JsonObject(new String(resp.body())).getString("job");
    List<String> states = states(events(id));
    assertEquals("done", states.get(states.size() - 1));
    assertEquals(200, result(id, null).statusCode());
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyReturnsTheSameJob() {
    byte[] png = io.zeroprint.TestImages.encode(io.zeroprint.TestImages.gradient(24, 24), "png");
    HttpRequest.Builder req = request("/v1/jobs").header("Idempotency-Key", "retry-7f3a").header("Content-Type", "image/png");

    HttpResponse<byte[]> first = send(req.copy().POST(HttpRequest.BodyPublishers.ofByteArray(png)).build());
    HttpResponse<byte[]> again = send(req.copy().POST(HttpRequest.BodyPublishers.ofByteArray(png)).build());

    String id = new JsonObject(new String(first.body())).getString("job");
    assertEquals(id, new JsonObject(new String(again.body())).getString("job"));
    assertEquals("true", again.headers().firstValue("idempotent-replayed").orElse(""));
    events(id);
    assertEquals(200, result(id, null).statusCode());
  }

  @Test
  void anotherSubjectCannotSeeOrTouchTheJob() {
    String id = submit("", "image/png", io.zeroprint.TestImages.encode(io.zeroprint.TestImages.gradient(24, 24), "png"))
        .getString("job");
    String other = io.zeroprint.TestTokens.token("mallory", "enhance");

    HttpResponse<byte[]> peek = send(java.net.http.HttpRequest.newBuilder(uri("/v1/jobs/" + id))
        .header("Authorization", "Bearer " + other).GET().build());
    HttpResponse<byte[]> erase = send(java.net.http.HttpRequest.newBuilder(uri("/v1/jobs/" + id))
        .header("Authorization", "Bearer " + other).DELETE().build());

    assertProblem(peek, 404, "not_found");
    assertProblem(erase, 404, "not_found");
    events(id);
    assertEquals(200, result(id, null).statusCode());
  }
}
