package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.TestImages;
import org.junit.jupiter.api.Test;

/** The registry holds at most jobs.maxJobs jobs; the next submit gets 429 + Retry-After and keeps nothing. */
class JobRegistryBoundTest extends JobsTestBase {
  private static final byte[] SMALL = TestImages.encode(TestImages.gradient(24, 24), "png");

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("jobs", new JsonObject().put("maxJobs", 1));
  }

  @Test
  void aJobBeyondTheBoundIsRefusedUntilTheFirstIsCollected() {
    String first = submit("", "image/png", SMALL).getString("job");

    var refused = postRaw("/v1/jobs", "image/png", SMALL);

    assertProblem(refused, 429, "jobs_full");
    assertTrue(refused.headers().firstValue("retry-after").isPresent());
    events(first);
    assertEquals(200, result(first, null).statusCode());
    String next = submit("", "image/png", SMALL).getString("job");
    events(next);
    assertEquals(200, result(next, null).statusCode());
    assertBuffersReleased();
  }
}
