package io.zeroprint.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** With results in Redis, a {@code redis} procedure follows a real {@code redis-server} going away and coming back. */
class RedisHealthTest extends FaultTestBase {
  private static final long BACK_WITHIN_MILLIS = 20_000;
  private final RedisProcess redis = new RedisProcess();

  @Override
  protected JsonObject overrides() {
    assumeTrue(RedisProcess.installed(), "redis-server is not installed (apt-get install redis-server)");
    redis.start();
    return super.overrides().put("management", new JsonObject().put("port", 0))
        .put("jobs", new JsonObject().put("store", "redis").put("redisUrl", redis.url()));
  }

  @AfterAll
  void stopRedis() {
    redis.stop();
  }

  @Test
  void theRedisProcedureIsDownWhileRedisIsStoppedAndUpOnceItIsBack() throws InterruptedException {
    JsonObject up = json(management("/health/ready"));
    assertEquals("UP", ManagementHealthFaultsTest.check(up, "redis").getString("status"), up::encode);

    redis.stop();
    HttpResponse<byte[]> down = management("/health/ready");
    assertEquals(503, down.statusCode());
    JsonObject report = json(down);
    assertEquals("DOWN", report.getString("status"));
    assertEquals("DOWN", ManagementHealthFaultsTest.check(report, "redis").getString("status"));
    assertEquals("UP", ManagementHealthFaultsTest.check(report, "models").getString("status"));

    redis.start();
    long deadline = System.currentTimeMillis() + BACK_WITHIN_MILLIS;
    int status;
    while ((status = management("/health/ready").statusCode()) != 200
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(200); // the client reconnects on its next command
    }
    assertEquals(200, status, "ready again once Redis is back");
  }

  private HttpResponse<byte[]> management(String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort() + path))
        .timeout(TIMEOUT).GET().build());
  }
}
