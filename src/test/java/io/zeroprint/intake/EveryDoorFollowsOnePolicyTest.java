package io.zeroprint.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.TestTokens;
import io.zeroprint.WsClient;
import io.zeroprint.intake.Doors.Door;
import io.zeroprint.intake.Doors.Outcome;
import io.zeroprint.privacy.LogCapture;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every admission rule, run over every way in — synchronous HTTP, HTTP jobs, WebSocket, tus — and
 * expected to give the same answer on each: the intake is the one door.
 */
class EveryDoorFollowsOnePolicyTest extends ServerTestBase {
  private static final int WORK_PER_MINUTE = 4;
  private static final byte[] SMALL = TestImages.encode(TestImages.gradient(16, 16), "png");
  private static final AtomicInteger SUBJECTS = new AtomicInteger();

  private Doors doors;

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("abuse").put("perSubjectPerMinute", WORK_PER_MINUTE).put("maxConcurrentPerSubject", 1);
    return o.put("webhooks", new JsonObject().put("allowedHosts", "hooks.example.com"));
  }

  @BeforeAll
  void doors() {
    doors = new Doors(http, server.port(), TIMEOUT);
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void anUnknownEffectIsRefusedAlike(Door door) throws Exception {
    Outcome o = submit(door, token(), Map.of("effect", "sharpen-my-face"));
    assertRefused(o, 400, "unknown_effect");
    assertTrue(o.detail().getString("detail").contains("upscale"), "names the effects offered");
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void anOptionTheEffectDoesNotTakeIsRefusedNamingTheOnesItTakes(Door door) throws Exception {
    Outcome o = submit(door, token(), Map.of("effect", "cutout", "scale", 2));
    assertRefused(o, 400, "invalid_option");
    assertTrue(o.detail().getString("detail").contains("it takes: retain"), o.detail().encode());
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void anEffectWhoseModelIsNotInstalledIsRefusedAsNotRetryableNamingThePullCommand(Door door) throws Exception {
    Outcome o = submit(door, token(), Map.of("effect", "deblur"));
    assertRefused(o, 503, "effect_unavailable");
    assertTrue(o.detail().getString("detail").contains("models pull"), o.detail().encode());
    assertNull(o.detail().getString("retryAfter"), "a missing model is not transient");
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void aRefusedWebhookIsRefusedAlikeBeforeAnyWork(Door door) throws Exception {
    double before = metric("zeroprint_jobs_total{outcome=\"webhook_not_allowed\"}");
    Outcome o = submit(door, token(), Map.of("webhook", "http://hooks.example.com/zeroprint"));
    assertRefused(o, 400, "webhook_not_allowed");
    // a synchronous request is refused for naming a webhook at all; a job for naming this one
    String why = door == Door.SYNC ? "applies to jobs" : "must use https";
    assertTrue(o.detail().getString("detail").contains(why), o.detail().encode());
    assertEquals(before + 1, metric("zeroprint_jobs_total{outcome=\"webhook_not_allowed\"}"));
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void theDailyQuotaCountsOnEveryDoor(Door door) throws Exception {
    String token = TestTokens.sign(TestTokens.claims(subject(), "enhance").put("zeroprint_daily_quota", 1));
    assertTrue(submit(door, token, Map.of()).served());
    assertRefused(submit(door, token, Map.of()), 429, "quota_exceeded");
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void theWorkRateLimitCountsOnEveryDoor(Door door) throws Exception {
    String token = token();
    for (int i = 0; i < WORK_PER_MINUTE; i++) {
      assertRefused(submit(door, token, Map.of("effect", "nope")), 400, "unknown_effect");
    }
    assertRefused(submit(door, token, Map.of()), 429, "rate_limited");
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void oneSubjectsRequestsInProgressAreCappedAcrossDoors(Door door) throws Exception {
    String token = token();
    try (WsClient holder = new WsClient(server.port(), token, TIMEOUT)) {
      holder.send(new JsonObject().put("type", "submit").put("size", SMALL.length));
      holder.await(WsClient.type("accepted")); // its upload never finishes: the job stays in progress

      assertRefused(submit(door, token, Map.of()), 429, "too_many_jobs");
    }
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void everyRefusalIsAuditedAndCountedUnderItsCode(Door door) throws Exception {
    double before = metric("zeroprint_jobs_total{outcome=\"unknown_effect\"}");
    try (LogCapture log = LogCapture.install()) {
      assertRefused(submit(door, token(), Map.of("effect", "nope")), 400, "unknown_effect");

      assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("zeroprint.audit") && l.contains("\"refused\"")
          && l.contains("unknown_effect")), log.text());
    }
    assertEquals(before + 1, metric("zeroprint_jobs_total{outcome=\"unknown_effect\"}"));
  }

  @ParameterizedTest
  @EnumSource(Door.class)
  void usageIsCountedOnEveryDoorUnlessTheClientOptsOut(Door door) throws Exception {
    String series = "zeroprint_usage_requests_total{effect=\"upscale\",scale=\"2\",size=\"lt_1mib\"}";
    double before = usage(series);
    assertTrue(submit(door, token(), Map.of()).served());
    assertEquals(before + 1, usage(series), "counted");

    assertTrue(doors.submit(door, token(), Map.of(), SMALL, Map.of("DNT", "1")).served());
    assertTrue(doors.submit(door, token(), Map.of(), SMALL, Map.of("Sec-GPC", "1")).served());
    assertEquals(before + 1, usage(series), "opted out: not counted");
  }

  @ParameterizedTest
  @EnumSource(value = Door.class, names = {"JOB", "WEBSOCKET", "TUS"})
  void aSucceededJobIsCountedAsDoneOnEveryDoor(Door door) throws Exception {
    double before = metric("zeroprint_jobs_total{outcome=\"done\"}");
    assertTrue(submit(door, token(), Map.of()).served());
    assertEquals(before + 1, metric("zeroprint_jobs_total{outcome=\"done\"}"));
  }

  private Outcome submit(Door door, String token, Map<String, Object> options) throws Exception {
    return doors.submit(door, token, options, SMALL, Map.of());
  }

  private static void assertRefused(Outcome o, int status, String code) {
    assertEquals(code, o.code(), () -> "code; " + o.detail().encode());
    assertEquals(status, o.status(), "status");
  }

  private double usage(String series) {
    try {
      return metric(series);
    } catch (AssertionError notYetExposed) {
      return 0;
    }
  }

  private static String token() {
    return TestTokens.token(subject(), "enhance");
  }

  private static String subject() {
    return "policy-" + SUBJECTS.incrementAndGet();
  }
}
