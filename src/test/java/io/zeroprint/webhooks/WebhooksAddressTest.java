package io.zeroprint.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zeroprint.config.WebhooksConfig;
import io.zeroprint.jobs.EndedJobs;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a delivery connects, with a fake transport whose DNS answers are scripted: the POST goes to
 * the very address that was judged, and a name that resolves inside on a retry (DNS rebinding) is
 * refused before any connection. No packet leaves this process.
 */
class WebhooksAddressTest {
  private static final String HOST = "hooks.example";
  private static final long TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void thePostGoesToTheAddressThatWasJudgedAndARetryThatResolvesInsideIsRefused() throws Exception {
    ScriptedTransport transport = new ScriptedTransport(
        List.of(address("93.184.215.14"), address("93.184.215.15")), List.of(address("127.0.0.1")));
    Webhooks webhooks = webhooks(transport);
    Job job = EndedJobs.ended(vertx, "alice", JobState.CANCELLED);

    webhooks.follow(job, target(webhooks));
    JsonObject status = await(webhooks, job);

    assertEquals("refused", status.getString("outcome"), status.encode());
    assertEquals(List.of(address("93.184.215.14")), transport.posted, "one connection, to the first judged address");
    assertEquals(2, transport.resolved, "each attempt resolves again");
    assertEquals(1, status.getInteger("attempts"), "the refused retry never connected");
    assertEquals(1.0, metrics.counter("zeroprint.webhook.attempts", "result", "5xx").count());
    assertEquals(1.0, metrics.counter("zeroprint.webhook.deliveries", "outcome", "refused").count());
  }

  @Test
  void oneInsideAddressAmongPublicOnesRefusesTheDeliveryBeforeAnyConnection() throws Exception {
    ScriptedTransport transport = new ScriptedTransport(
        List.of(address("93.184.215.14"), address("169.254.169.254")));
    Webhooks webhooks = webhooks(transport);
    Job job = EndedJobs.ended(vertx, "alice", JobState.CANCELLED);

    webhooks.follow(job, target(webhooks));
    JsonObject status = await(webhooks, job);

    assertEquals("refused", status.getString("outcome"), status.encode());
    assertEquals(List.of(), transport.posted);
    assertNull(status.getInteger("lastStatus"));
  }

  private Webhooks webhooks(ScriptedTransport transport) {
    WebhooksConfig config = new WebhooksConfig(HOST, "key", "", "", 60, 3, 1, 10);
    return new Webhooks(vertx, config, false, new WebhookSecrets(config, Clock.systemUTC()), transport, metrics, 60);
  }

  private static WebhookTarget target(Webhooks webhooks) {
    return webhooks.take(new HashMap<>(Map.of(Webhooks.OPTION, "https://" + HOST + "/in")), true)
        .orElseThrow();
  }

  /** Polls the delivery status until it has an outcome, failing after the timeout. */
  private static JsonObject await(Webhooks webhooks, Job job) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
    JsonObject last = null;
    while (System.currentTimeMillis() < deadline) {
      last = webhooks.status(job.id()).orElse(null);
      if (last != null && !"pending".equals(last.getString("outcome"))) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no outcome: " + last);
  }

  private static InetAddress address(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal); // a literal: no lookup
  }

  /** Answers each resolve with the next scripted list; every POST is answered 503, so it is retried. */
  private static final class ScriptedTransport implements Webhooks.Transport {
    private final Deque<List<InetAddress>> answers;
    final List<InetAddress> posted = new CopyOnWriteArrayList<>();
    volatile int resolved;

    @SafeVarargs
    ScriptedTransport(List<InetAddress>... answers) {
      this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public JsonObject render(JsonObject event) {
      return event;
    }

    @Override
    public synchronized Future<List<InetAddress>> resolve(String host) {
      resolved++;
      List<InetAddress> next = answers.poll();
      return next == null ? Future.failedFuture(new UnknownHostException(host)) : Future.succeededFuture(next);
    }

    @Override
    public Future<Webhooks.Answer> post(WebhookTarget target, InetAddress address, Map<String, String> headers,
        byte[] body, long timeoutMillis) {
      posted.add(address);
      return Future.succeededFuture(new Webhooks.Answer(503, false, false));
    }
  }
}
