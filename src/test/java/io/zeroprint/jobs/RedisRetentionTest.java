package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Retention with the Redis store against a real {@code redis-server} (Debian package, installed by
 * .ci/run), started here on a free port without persistence. Skipped, with that reason, where
 * redis-server is not installed.
 */
class RedisRetentionTest extends RetentionContract {
  private static final Path REDIS = Path.of("/usr/bin/redis-server");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static Process redis;
  private static int redisPort;

  @Override
  protected JsonObject overrides() {
    assumeTrue(Files.isExecutable(REDIS), "redis-server is not installed (apt-get install redis-server)");
    startRedis();
    return super.overrides().put("jobs", new JsonObject().put("store", "redis")
        .put("redisUrl", "redis://127.0.0.1:" + redisPort));
  }

  @AfterAll
  void stopRedis() throws Exception {
    if (redis != null) {
      redis.destroy();
      redis.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void redisHoldsOnlyCiphertextAndNoRawSubject() throws Exception {
    String[] r = retained("PT1H");
    Vertx vertx = Vertx.vertx();
    try {
      Redis client = Redis.createClient(vertx, "redis://127.0.0.1:" + redisPort);
      Response keys = await(client.send(Request.cmd(Command.KEYS).arg("*")));
      assertTrue(keys.size() >= 3, "data, metadata and owner index stored");
      for (Response key : keys) {
        Response type = await(client.send(Request.cmd(Command.TYPE).arg(key.toString())));
        if (!"string".equals(type.toString())) {
          continue;
        }
        Buffer value = await(client.send(Request.cmd(Command.GET).arg(key.toString()))).toBuffer();
        assertFalse(contains(value.getBytes(), PNG_SIGNATURE), key + " holds a PNG");
        assertFalse(value.toString(StandardCharsets.ISO_8859_1).contains(SUBJECT), key + " holds the raw subject");
      }
      assertEquals(200, result(r[0], r[1]).statusCode());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void anEntryExpiresByRedisTtl() throws Exception {
    String[] r = retained("PT1S");
    Vertx vertx = Vertx.vertx();
    try {
      Redis client = Redis.createClient(vertx, "redis://127.0.0.1:" + redisPort);
      long ttl = await(client.send(Request.cmd(Command.PTTL).arg("zp:r:" + r[0]))).toLong();
      assertTrue(ttl > 0 && ttl <= 1000, "native TTL set: " + ttl);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static synchronized void startRedis() {
    if (redis != null) {
      return;
    }
    try (ServerSocket s = new ServerSocket(0)) {
      redisPort = s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try {
      redis = new ProcessBuilder(List.of(REDIS.toString(), "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--daemonize", "no"))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      waitForPort(redisPort);
    } catch (Exception e) {
      throw new IllegalStateException("redis-server did not start", e);
    }
  }

  /** Connect attempts until redis-server accepts: its start has no event we can subscribe to. */
  private static void waitForPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.onSpinWait();
      }
    }
    throw new IllegalStateException("redis-server not listening on " + port);
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
