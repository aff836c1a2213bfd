package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A JSON result (landmarks) travels the job path too: status, events, one-time and retained fetch. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LandmarksJobTest extends JobsTestBase {
  private static final byte[] ASTRONAUT = resource("images/astronaut.png");

  @Test
  void aLandmarksJobAnswersWithJsonOnceAndIsGone() {
    JsonObject job = submit("?effect=landmarks", "image/png", ASTRONAUT);
    List<JsonObject> events = events(job.getString("job"));
    JsonObject last = events.get(events.size() - 1);
    assertEquals("done", last.getString("state"));
    HttpResponse<byte[]> first = result(job.getString("job"), null);
    assertEquals(200, first.statusCode());
    assertEquals("application/json", first.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(1, new JsonObject(new String(first.body(), StandardCharsets.UTF_8)).getJsonArray("faces").size());
    assertProblem(result(job.getString("job"), null), 410, "result_gone");
    assertBuffersReleased();
  }

  @Test
  void aRetainedLandmarksResultIsServedAsJsonWithItsKey() {
    JsonObject job = submit("?effect=landmarks&retain=PT1H", "image/png", ASTRONAUT);
    events(job.getString("job"));
    HttpResponse<byte[]> resp = result(job.getString("job"), job.getString("result_key"));
    assertEquals(200, resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8));
    assertEquals("application/json", resp.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(512, new JsonObject(new String(resp.body(), StandardCharsets.UTF_8)).getInteger("width"));
    delete(job.getString("job"));
    assertBuffersReleased();
  }
}
