package io.zeroprint.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.TestTokens;
import io.zeroprint.intake.Doors.Door;
import io.zeroprint.intake.Doors.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deadlines follow the work, on every way in: work whose estimate is over the bound is refused with
 * the estimate before any model runs; work within it runs, and keeps running past its budget while
 * its tiles keep finishing. The speeds are set by the test (a model "far too slow", one "far too
 * fast"), so what is refused does not depend on this machine's speed.
 */
class WorkThatCannotFinishIsRefusedUpFrontTest extends ServerTestBase {
  private static final int FLOOR_SECONDS = 5;
  private static final int MAX_SECONDS = 60;
  /** ×8 at this speed: a 16 × 16 image (0.000256 MP) would take 256 s. */
  private static final double FAR_TOO_SLOW = 1e9;
  /** ×2 at this speed: a megapixel would take a millisecond, so its job gets only the floor. */
  private static final double FAR_TOO_FAST = 1;
  private static final byte[] SMALL = TestImages.encode(TestImages.gradient(16, 16), "png");
  private static final AtomicInteger SUBJECTS = new AtomicInteger();

  private Doors doors;

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("worker").put("jobTimeoutSeconds", FLOOR_SECONDS).put("maxJobSeconds", MAX_SECONDS)
        .put("deadlineMargin", 3);
    return o;
  }

  @BeforeAll
  void speeds() {
    doors = new Doors(http, server.port(), TIMEOUT);
    server.speeds().seed("esrgan-slim-x8", FAR_TOO_SLOW);
    server.speeds().seed("esrgan-slim-x2", FAR_TOO_FAST);
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void workEstimatedOverTheBoundIsRefusedWithTheEstimateBeforeAnyModelRuns(Door door) throws Exception {
    CountDownLatch dispatched = jobsDispatched(1);
    double before = metric("zeroprint_jobs_total{outcome=\"too_much_work\"}");

    Outcome o = doors.submit(door, token(), Map.of("scale", 8), SMALL, Map.of());

    assertEquals("too_much_work", o.code(), () -> o.detail().encode());
    assertEquals(422, o.status());
    // a problem (HTTP), an error message (WebSocket), or a job's error when it failed after being accepted
    JsonObject problem = o.detail().containsKey("error") ? o.detail().getJsonObject("error") : o.detail();
    assertEquals(256.0, problem.getDouble("estimatedSeconds"), 0.1, problem.encode());
    assertEquals(MAX_SECONDS, problem.getInteger("maxSeconds"));
    if (problem.containsKey("detail")) { // a job's error carries the numbers; its problem's text is on /result
      assertTrue(problem.getString("detail").contains("about 256.0 s"), problem.encode());
      assertTrue(problem.getString("detail").contains("at most 60 s"), problem.encode());
    }
    assertEquals(1, dispatched.getCount(), "nothing reached the worker");
    assertEquals(before + 1, metric("zeroprint_jobs_total{outcome=\"too_much_work\"}"));
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void workEstimatedWithinTheBoundIsAdmittedAndFinishes(Door door) throws Exception {
    assertTrue(doors.submit(door, token(), Map.of("scale", 2), SMALL, Map.of()).served());
  }

  @Test
  void aJobSlowerThanItsEstimateFinishesWhileItsTilesKeepFinishing() throws Exception {
    // Estimated at a millisecond, so budgeted the 5 s floor; 1 MP ×2 on 256-pixel tiles is dozens of
    // tiles, and the job lives on as long as they keep coming.
    byte[] photo = TestImages.encode(TestImages.gradient(1000, 1000), "png");
    Outcome o = doors.submit(Door.JOB, token(), Map.of("scale", 2), photo, Map.of());
    assertTrue(o.served(), () -> o.detail().encode());
    JsonObject tiles = o.detail().getJsonObject("progress").getJsonObject("tiles");
    assertTrue(tiles.getInteger("total") > 10, tiles.encode());
  }

  @Test
  void theEffectsListSaysHowLongEachScaleTakesHere() {
    JsonArray effects = new JsonObject(new String(get("/v1/effects").body(), StandardCharsets.UTF_8))
        .getJsonArray("effects");
    JsonObject upscale = effects.stream().map(JsonObject.class::cast)
        .filter(e -> "upscale".equals(e.getString("name"))).findFirst().orElseThrow();
    JsonArray speeds = upscale.getJsonArray("speeds");
    assertEquals(4, speeds.size(), speeds.encode()); // ×2, ×3, ×4, ×8: each timed at warm-up
    JsonObject x3 = speeds.stream().map(JsonObject.class::cast)
        .filter(s -> s.getJsonArray("models").contains("esrgan-slim-x3")).findFirst().orElseThrow();
    assertEquals("warm-up", x3.getString("source"));
    assertTrue(x3.getLong("msPerMegapixel") > 0, x3.encode());
    assertEquals(0, x3.getLong("samples"));
  }

  private static String token() {
    return TestTokens.token("deadline-" + SUBJECTS.incrementAndGet(), "enhance");
  }
}
