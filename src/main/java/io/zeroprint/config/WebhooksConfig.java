package io.zeroprint.config;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Signed webhooks when a job ends (Standard Webhooks).
 *
 * @param allowedHosts            comma-separated host names a job's {@code webhook} may name; empty = webhooks off
 * @param signingKey              server key every subject's webhook secret is derived from; empty = random per process
 * @param previousSigningKey      the key before the last rotation; deliveries are signed under both during the grace
 * @param previousKeyGraceSeconds how long after start-up the previous key still signs
 * @param maxAttempts             delivery attempts at most (the first included)
 * @param timeoutSeconds          one attempt's limit, connection and answer included
 * @param maxInFlight             deliveries pending at once (waiting to retry included); more are dropped and counted
 */
public record WebhooksConfig(String allowedHosts, String signingKey, String previousSigningKey,
    int previousKeyGraceSeconds, int maxAttempts, int timeoutSeconds, int maxInFlight) {
  public static final int DEFAULT_GRACE_SECONDS = 86_400;
  public static final int DEFAULT_MAX_ATTEMPTS = 6;
  public static final int DEFAULT_TIMEOUT_SECONDS = 10;
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  public WebhooksConfig {
    Check.range("webhooks.previousKeyGraceSeconds", previousKeyGraceSeconds, 0, 30L * 86_400);
    Check.range("webhooks.maxAttempts", maxAttempts, 1, 20);
    Check.range("webhooks.timeoutSeconds", timeoutSeconds, 1, 120);
    Check.range("webhooks.maxInFlight", maxInFlight, 1, 100_000);
  }

  /** The allow-list, lower-cased; empty when webhooks are off. */
  public Set<String> hosts() {
    return Arrays.stream(allowedHosts.split(",")).map(h -> h.trim().toLowerCase(Locale.ROOT))
        .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }

  static JsonObject defaults() {
    return new JsonObject().put("allowedHosts", "").put("signingKey", "").put("previousSigningKey", "")
        .put("previousKeyGraceSeconds", DEFAULT_GRACE_SECONDS).put("maxAttempts", DEFAULT_MAX_ATTEMPTS)
        .put("timeoutSeconds", DEFAULT_TIMEOUT_SECONDS).put("maxInFlight", DEFAULT_MAX_IN_FLIGHT);
  }

  static WebhooksConfig from(JsonObject j) {
    return new WebhooksConfig(j.getString("allowedHosts"), j.getString("signingKey"), j.getString("previousSigningKey"),
        j.getInteger("previousKeyGraceSeconds"), j.getInteger("maxAttempts"), j.getInteger("timeoutSeconds"),
        j.getInteger("maxInFlight"));
  }
}
