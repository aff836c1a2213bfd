package io.zeroprint.webhooks;

import io.zeroprint.config.WebhooksConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-subject webhook secrets and signatures (Standard Webhooks). A subject's secret is an HMAC of its
 * name under the server's signing key, so nothing per subject is stored and every instance with the
 * same key agrees. After a rotation the previous key keeps signing for the grace period counted from
 * when it was retired, so a receiver that still holds the old secret keeps accepting deliveries.
 */
public final class WebhookSecrets {
  private static final String HMAC = "HmacSHA256";
  private static final String PREFIX = "whsec_";
  private static final int RANDOM_KEY_BYTES = 32;

  private final byte[] current;
  private final byte[] previous;
  private final Instant previousUntil;
  private final Clock clock;

  public WebhookSecrets(WebhooksConfig config, Clock clock) {
    this.current = config.signingKey().isEmpty() ? random() : config.signingKey().getBytes(StandardCharsets.UTF_8);
    this.previous = config.previousSigningKey().isEmpty() ? null
        : config.previousSigningKey().getBytes(StandardCharsets.UTF_8);
    // From the rotation, not from start-up: an instance started later must not sign under the old key longer.
    this.previousUntil = config.previousKeyUntil().orElse(Instant.MIN);
    this.clock = clock;
  }

  /** The subject's secrets as receivers configure them ({@code whsec_…}), the current one first. */
  public List<String> secretsOf(String subject) {
    return keys().stream().map(k -> PREFIX + Base64.getEncoder().encodeToString(derive(k, subject))).toList();
  }

  /** The {@code webhook-signature} value: one {@code v1,…} entry per live secret, space-separated. */
  public String sign(String subject, String id, long timestamp, byte[] body) {
    List<String> entries = new ArrayList<>();
    for (byte[] key : keys()) {
      entries.add("v1," + Base64.getEncoder().encodeToString(mac(derive(key, subject), signed(id, timestamp, body))));
    }
    return String.join(" ", entries);
  }

  private List<byte[]> keys() {
    return previous != null && clock.instant().isBefore(previousUntil) ? List.of(current, previous) : List.of(current);
  }

  private static byte[] signed(String id, long timestamp, byte[] body) {
    byte[] head = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  private static byte[] derive(byte[] key, String subject) {
    return mac(key, ("zeroprint webhook secret\n" + subject).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] mac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  private static byte[] random() {
    byte[] k = new byte[RANDOM_KEY_BYTES];
    new SecureRandom().nextBytes(k);
    return k;
  }
}
