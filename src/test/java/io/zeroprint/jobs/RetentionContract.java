package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.Pixels;
import io.zeroprint.TestImages;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Opt-in retention, the same for every store: the result is sealed with a key the client gets once;
 * the right key opens it (again and again until expiry), a wrong key does not, and after delete,
 * erasure or expiry nothing is retrievable.
 */
abstract class RetentionContract extends JobsTestBase {
  static final byte[] IMAGE = TestImages.encode(TestImages.gradient(40, 30), "png");

  /** Erasure destroys whatever a test kept; then no image memory is in use at all. */
  @AfterEach
  void erasureLeavesNothingBehind() {
    assertEquals(200, send(request("/v1/me").DELETE().build()).statusCode());
    assertBuffersReleased();
  }

  /** Submits with {@code retain}, waits for done; returns [id, key]. */
  String[] retained(String retain) {
    JsonObject accepted = submit("?retain=" + retain, "image/png", IMAGE);
    String id = accepted.getString("job");
    String key = accepted.getString("result_key");
    assertTrue(key != null && key.length() >= 43, "a 256-bit key, once: " + accepted.encode());
    List<JsonObject> events = events(id);
    JsonObject done = events.get(events.size() - 1);
    assertEquals("done", done.getString("state"));
    assertTrue(done.getJsonObject("result").getString("retained_until") != null);
    return new String[] {id, key};
  }

  @Test
  void theRightKeyOpensTheResultRepeatedlyAndAWrongOneDoesNot() {
    String[] r = retained("PT1H");

    HttpResponse<byte[]> first = result(r[0], r[1]);
    HttpResponse<byte[]> second = result(r[0], r[1]);
    String wrong = io.zeroprint.jobs.ResultCipher.encodeKey(io.zeroprint.jobs.ResultCipher.newKey());

    assertEquals(200, first.statusCode());
    assertEquals(80, Pixels.decode(first.body()).getWidth());
    assertEquals(200, second.statusCode());
    assertProblem(result(r[0], wrong), 403, "result_key_invalid");
    assertProblem(result(r[0], null), 403, "result_key_invalid");
    assertEquals(1, meData().getJsonArray("retainedResults").size());
  }

  @Test
  void afterDeleteNothingIsRetrievable() {
    String[] r = retained("PT1H");

    assertEquals(200, delete(r[0]).statusCode());

    assertProblem(result(r[0], r[1]), 410, "result_gone");
  }

  @Test
  void afterErasureOfTheSubjectNothingIsRetrievable() {
    String[] r = retained("PT1H");

    assertEquals(200, send(request("/v1/me").DELETE().build()).statusCode());

    assertProblem(result(r[0], r[1]), 410, "result_gone");
    assertEquals(0, meData().getJsonArray("retainedResults").size());
  }

  @Test
  void aRetentionLongerThanTheMaximumIsRefused() {
    HttpResponse<byte[]> resp = postRaw("/v1/jobs?retain=P11D", "image/png", IMAGE);
    assertProblem(resp, 400, "invalid_option");
  }

  JsonObject meData() {
    return new JsonObject(new String(send(request("/v1/me/data").GET().build()).body()));
  }
}
