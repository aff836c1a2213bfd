package io.zeroprint.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.Pixels;
import io.zeroprint.TestImages;
import io.zeroprint.privacy.LogCapture;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention on a real {@code redis-server} that goes away — while nothing happens, and while a job
 * that asked to be retained is on its way — and comes back on the same port. Every route that needs
 * the store says 503 {@code store_unavailable} with {@code Retry-After}, never 500; erasure does not
 * claim what it could not do; nothing is left in memory; and zeroprint uses Redis again once it is
 * back, without a restart.
 */
class RedisOutageTest extends FaultTestBase {
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(40, 30), "png");
  private final RedisProcess redis = new RedisProcess();

  @Override
  protected JsonObject overrides() {
    assumeTrue(RedisProcess.installed(), "redis-server is not installed (apt-get install redis-server)");
    redis.start();
    return super.overrides().put("jobs", new JsonObject().put("store", "redis").put("redisUrl", redis.url()));
  }

  @AfterEach
  void redisIsBackAndErasureLeavesNothing() {
    redis.start();
    assertEquals(200, delete("/v1/me").statusCode());
    assertBuffersReleased();
  }

  @AfterAll
  void stopRedis() {
    redis.stop();
  }

  @Test
  void everyRouteThatNeedsTheStoreAnswers503WithRetryAfterWhileRedisIsDown() {
    String[] r = retained();
    redis.stop();

    assertRetryableProblem(get("/v1/me/data"), 503, "store_unavailable");
    assertRetryableProblem(result(r[0], r[1]), 503, "store_unavailable");
    assertRetryableProblem(delete("/v1/jobs/" + r[0]), 503, "store_unavailable");
    assertBuffersReleased();
  }

  @Test
  void erasureWhileRedisIsDownAnswers503AndIsNotAuditedAsErased() {
    retained();
    redis.stop();
    HttpResponse<byte[]> resp;
    List<String> erasures;
    try (LogCapture logs = LogCapture.install()) {
      resp = delete("/v1/me");
      erasures = logs.lines().stream().filter(l -> l.contains("\"event\":\"erasure\"")).toList();
    }

    assertRetryableProblem(resp, 503, "store_unavailable");
    assertEquals(1, erasures.size(), "one erasure audited: " + erasures);
    assertTrue(erasures.get(0).contains("\"code\":\"jobs_cancelled_store_unreachable\""), erasures.get(0));
  }

  @Test
  void aRetainedJobWhoseSealingFindsRedisGoneFailsWithStoreUnavailableAndZeroesItsMemory() {
    CompletableFuture<Runnable> held = holdNextJob(job -> { });
    JsonObject accepted = submitJob("?retain=PT1H", "image/png", IMAGE);
    CompletableFuture<List<JsonObject>> events = follow(accepted.getString("job"));
    Runnable release = within(held, "the job to reach the worker");
    redis.stop(); // the job is on its way to the worker: Redis goes away mid-job
    release.run();

    JsonObject last = finalEvent(events);

    assertEquals("failed", last.getString("state"), last.encode());
    assertEquals("store_unavailable", last.getJsonObject("error").getString("code"), last.encode());
    assertBuffersReleased();
  }

  @Test
  void retentionWorksAgainOnceRedisIsBackWithoutRestartingZeroprint() {
    retained();
    redis.stop();
    assertRetryableProblem(get("/v1/me/data"), 503, "store_unavailable");
    redis.start(); // same port, empty: the earlier result went with the old process

    String[] r = retained();
    HttpResponse<byte[]> fetched = result(r[0], r[1]);

    assertEquals(200, fetched.statusCode());
    assertEquals(80, Pixels.decode(fetched.body()).getWidth());
    assertEquals(1, json(get("/v1/me/data")).getJsonArray("retainedResults").size());
  }

  /** Submits with {@code retain=PT1H} and waits for done; returns [id, key]. */
  private String[] retained() {
    JsonObject accepted = submitJob("?retain=PT1H", "image/png", IMAGE);
    JsonObject last = finalEvent(accepted.getString("job"));
    assertEquals("done", last.getString("state"), last.encode());
    return new String[] {accepted.getString("job"), accepted.getString("result_key")};
  }
}
