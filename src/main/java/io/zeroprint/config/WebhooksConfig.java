package io.zeroprint.config;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Signed webhooks when a job ends (Standard Webhooks).
 *
 * @param allowedHosts            comma-separated host names a job's {@code webhook} may name; empty = webhooks off
 * @param signingKey              server key every subject's webhook secret is derived from; empty = random per process
 * @param previousSigningKey      the key before the last rotation; deliveries are signed under both during the grace
 * @param previousKeyRetiredAt    when the previous key was retired (ISO-8601 instant); the grace runs from then,
 *                                so every instance, whenever it started, ends it at the same moment
 * @param previousKeyGraceSeconds how long after {@code previousKeyRetiredAt} the previous key still signs
 * @param maxAttempts             delivery attempts at most (the first included)
 * @param timeoutSeconds          one attempt's limit, connection and answer included
 * @param maxInFlight             deliveries pending at once (waiting to retry included); more are dropped and counted
 */
public record WebhooksConfig(String allowedHosts, String signingKey, String previousSigningKey,
    String previousKeyRetiredAt, int previousKeyGraceSeconds, int maxAttempts, int timeoutSeconds, int maxInFlight) {
  public static final int DEFAULT_GRACE_SECONDS = 86_400;
  public static final int DEFAULT_MAX_ATTEMPTS = 6;
  public static final int DEFAULT_TIMEOUT_SECONDS = 10;
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  public WebhooksConfig {
    Check.range("webhooks.previousKeyGraceSeconds", previousKeyGraceSeconds, 0, 30L * 86_400);
    Check.that(previousSigningKey.isEmpty() || !previousKeyRetiredAt.isEmpty(), "webhooks.previousKeyRetiredAt",
        "must say when webhooks.previousSigningKey was retired (e.g. 2026-01-31T12:00:00Z)");
    if (!previousKeyRetiredAt.isEmpty()) {
      retiredAt(previousKeyRetiredAt);
    }
    Check.range("webhooks.maxAttempts", maxAttempts, 1, 20);
    Check.range("webhooks.timeoutSeconds", timeoutSeconds, 1, 120);
    Check.range("webhooks.maxInFlight", maxInFlight, 1, 100_000);
  }

  /** When the previous key stops signing; empty when there is none. */
  public Optional<Instant> previousKeyUntil() {
    return previousSigningKey.isEmpty() ? Optional.empty()
        : Optional.of(retiredAt(previousKeyRetiredAt).plusSeconds(previousKeyGraceSeconds));
  }

  private static Instant retiredAt(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ConfigException("webhooks.previousKeyRetiredAt", "must be an ISO-8601 instant such as "
          + "2026-01-31T12:00:00Z, got " + value);
    }
  }

  /** The allow-list, lower-cased; empty when webhooks are off. */
  public Set<String> hosts() {
    return Arrays.stream(allowedHosts.split(",")).map(h -> h.trim().toLowerCase(Locale.ROOT))
        .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }

  static JsonObject defaults() {
    return new JsonObject().put("allowedHosts", "").put("signingKey", "").put("previousSigningKey", "")
        .put("previousKeyRetiredAt", "").put("previousKeyGraceSeconds", DEFAULT_GRACE_SECONDS).put("maxAttempts", DEFAULT_MAX_ATTEMPTS)
        .put("timeoutSeconds", DEFAULT_TIMEOUT_SECONDS).put("maxInFlight", DEFAULT_MAX_IN_FLIGHT);
  }

  static WebhooksConfig from(JsonObject j) {
    return new WebhooksConfig(j.getString("allowedHosts"), j.getString("signingKey"), j.getString("previousSigningKey"),
        j.getString("previousKeyRetiredAt"), j.getInteger("previousKeyGraceSeconds"), j.getInteger("maxAttempts"), j.getInteger("timeoutSeconds"),
        j.getInteger("maxInFlight"));
  }
}
