package io.zeroprint.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zeroprint.config.WebhooksConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobState;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Signed webhooks when a job ends ({@code done}, {@code failed}, {@code cancelled}, {@code expired}):
 * the job's event is POSTed with the Standard Webhooks headers, retried with exponential backoff and
 * full jitter until the receiver takes it, asks for no more, or {@code webhooks.maxAttempts}
 * attempts were made (the transport judges its answers). Every attempt resolves the host
 * once, judges every address with the {@link AddressPolicy} and connects to the address judged, so
 * DNS cannot point a delivery inside. Deliveries pending at once are bounded; the rest are dropped
 * and counted. Nothing here waits: resolving and sending are the transport's, and non-blocking.
 */
public final class Webhooks {
  public static final String OPTION = "webhook";
  static final String DELIVERED = "delivered";
  private static final long BASE_DELAY_MILLIS = 500;
  private static final long MAX_DELAY_MILLIS = 300_000;
  private static final System.Logger LOG = System.getLogger(Webhooks.class.getName());

  /**
   * A receiver's answer to one attempt, as the transport judges it: its status (shown to the job's
   * owner), whether it took the event, and whether it asked for no more.
   */
  public record Answer(int status, boolean accepted, boolean stop) {}

  /** Sends one attempt; completes with the receiver's answer, or fails (no connection, timeout). */
  public interface Transport {
    /** The event as clients see it elsewhere (links added). */
    JsonObject render(JsonObject event);

    /** Every address {@code host} resolves to, without blocking a thread. */
    Future<List<InetAddress>> resolve(String host);

    Future<Answer> post(WebhookTarget target, InetAddress address, Map<String, String> headers, byte[] body,
        long timeoutMillis);
  }

  private final Vertx vertx;
  private final WebhooksConfig config;
  private final Set<String> allowed;
  private final boolean development;
  private final AddressPolicy policy;
  private final WebhookSecrets secrets;
  private final Transport transport;
  private final long keepStatusMillis;
  private final Map<String, DeliveryStatus> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Counter> attemptResults = new ConcurrentHashMap<>();
  private final MeterRegistry metrics;

  /** @param keepStatusSeconds how long a forgotten job's webhook status stays visible (its tombstone's life) */
  public Webhooks(Vertx vertx, WebhooksConfig config, boolean development, WebhookSecrets secrets, Transport transport,
      MeterRegistry metrics, int keepStatusSeconds) {
    this.vertx = vertx;
    this.config = config;
    this.allowed = config.hosts();
    this.development = development;
    this.policy = new AddressPolicy(development);
    this.secrets = secrets;
    this.transport = transport;
    this.metrics = metrics;
    this.keepStatusMillis = keepStatusSeconds * 1000L;
    for (String o : List.of(DELIVERED, "gone", "failed", "refused", "dropped")) {
      outcome(o);
    }
    for (String r : List.of("2xx", "3xx", "4xx", "5xx", "error")) {
      attemptResult(r);
    }
  }

  public WebhookSecrets secrets() {
    return secrets;
  }

  /**
   * Takes the {@code webhook} option out of {@code raw}: the checked target, or empty when none is
   * named. {@code addressable}: the request is a job (a synchronous answer has no use for one).
   */
  public Optional<WebhookTarget> take(Map<String, Object> raw, boolean addressable) {
    Object url = raw.remove(OPTION);
    if (url == null) {
      return Optional.empty();
    }
    if (!addressable) {
      throw new ProblemException(ErrorCode.WEBHOOK_NOT_ALLOWED,
          "A webhook applies to jobs: POST /v1/jobs, a WebSocket submit or a resumable upload.");
    }
    if (!(url instanceof String s)) {
      throw new ProblemException(ErrorCode.WEBHOOK_NOT_ALLOWED, "The webhook is refused: it must be a URL.");
    }
    return Optional.of(WebhookTarget.parse(s, allowed, development, policy));
  }

  /** Sends the job's end to {@code target} (each terminal state once). */
  public void follow(Job job, WebhookTarget target) {
    DeliveryStatus status = new DeliveryStatus(target.host());
    statuses.put(job.id(), status);
    String[] last = {null};
    Consumer<JsonObject> subscriber = new Consumer<>() {
      @Override
      public void accept(JsonObject event) {
        String state = event.getString("state");
        if (!JobState.valueOf(state.toUpperCase(Locale.ROOT)).terminal() || state.equals(last[0])) {
          return;
        }
        last[0] = state;
        if (!state.equals(JobState.DONE.id())) {
          job.unsubscribe(this); // failed, cancelled and expired are final
        }
        JsonObject body = transport.render(event);
        vertx.runOnContext(v -> start(job.subject(), target, status, state, body));
      }
    };
    job.subscribe(subscriber);
    job.released().thenRun(() -> vertx.runOnContext(v -> vertx.setTimer(keepStatusMillis, t -> {
      job.unsubscribe(subscriber);
      statuses.remove(job.id(), status);
    })));
  }

  /** The job's webhook as its owner sees it, if it named one. */
  public Optional<JsonObject> status(String jobId) {
    return Optional.ofNullable(statuses.get(jobId)).map(DeliveryStatus::json);
  }

  private void start(String subject, WebhookTarget target, DeliveryStatus status, String state, JsonObject event) {
    status.sending(state);
    if (inFlight.incrementAndGet() > config.maxInFlight()) {
      inFlight.decrementAndGet();
      end(status, "dropped");
      return;
    }
    attempt(subject, target, status, "msg_" + UUID.randomUUID(), event.toBuffer().getBytes());
  }

  private void attempt(String subject, WebhookTarget target, DeliveryStatus status, String id, byte[] body) {
    transport.resolve(target.connectHost())
        .onFailure(err -> {
          attemptResult("error").increment();
          retryOrEnd(subject, target, status, id, body, status.attempted(null));
        })
        .onSuccess(addresses -> {
          // Every address must pass, not just the one used: which one a later lookup gives is not ours to choose.
          Optional<String> refused = addresses.stream().map(policy::refusal).flatMap(Optional::stream).findFirst();
          if (refused.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "webhook to {0} refused: it resolves to a {1} address",
                target.host(), refused.get());
            finish(status, "refused");
            return;
          }
          long now = System.currentTimeMillis() / 1000;
          Map<String, String> headers = new LinkedHashMap<>();
          headers.put("webhook-id", id);
          headers.put("webhook-timestamp", Long.toString(now));
          headers.put("webhook-signature", secrets.sign(subject, id, now, body));
          transport.post(target, addresses.get(0), headers, body, config.timeoutSeconds() * 1000L)
              .onComplete(ar -> {
                Answer answer = ar.succeeded() ? ar.result() : null;
                attemptResult(answer == null ? "error" : statusClass(answer.status())).increment();
                int attempts = status.attempted(answer == null ? null : answer.status());
                if (answer != null && answer.accepted()) {
                  finish(status, DELIVERED);
                } else if (answer != null && answer.stop()) {
                  finish(status, "gone"); // the receiver asks for no more
                } else {
                  retryOrEnd(subject, target, status, id, body, attempts);
                }
              });
        });
  }

  private void retryOrEnd(String subject, WebhookTarget target, DeliveryStatus status, String id, byte[] body,
      int attempts) {
    if (attempts >= config.maxAttempts()) {
      LOG.log(System.Logger.Level.INFO, "webhook to {0} given up after {1} attempts", target.host(), attempts);
      finish(status, "failed");
      return;
    }
    // Full jitter: a random wait up to the exponential bound, so receivers that come back are not stampeded.
    long bound = Math.min(MAX_DELAY_MILLIS, BASE_DELAY_MILLIS << Math.min(attempts - 1, 20));
    long delay = 1 + ThreadLocalRandom.current().nextLong(bound);
    vertx.setTimer(delay, t -> attempt(subject, target, status, id, body));
  }

  private void finish(DeliveryStatus status, String how) {
    inFlight.decrementAndGet();
    end(status, how);
  }

  private void end(DeliveryStatus status, String how) {
    status.ended(how);
    outcome(how).increment();
  }

  /** {@code 2xx} … {@code 5xx}; anything outside 200-599 is as good as no answer. */
  private static String statusClass(int status) {
    return status >= 200 && status < 600 ? status / 100 + "xx" : "error";
  }

  /** One per attempt: by the receiver's status class, or {@code error} (no address, connection or answer in time). */
  private Counter attemptResult(String result) {
    return attemptResults.computeIfAbsent(result, r -> Counter.builder("zeroprint.webhook.attempts")
        .description("Webhook delivery attempts by the receiver's answer").tag("result", r).register(metrics));
  }

  private Counter outcome(String how) {
    return outcomes.computeIfAbsent(how, o -> Counter.builder("zeroprint.webhook.deliveries")
        .description("Webhook deliveries by how they ended").tag("outcome", o).register(metrics));
  }
}
