package io.zeroprint.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms (HMAC-SHA256, truncated): the same subject or address always maps to the same
 * short string under one key, and nobody without the key can map it back or test a guess.
 */
public final class Pseudonyms {
  private static final String ALG = "HmacSHA256";
  private static final int BYTES = 12;
  private static final int RANDOM_KEY_BYTES = 32;

  private final SecretKeySpec key;

  /** @param secret the configured key; empty = a random key for this process */
  public Pseudonyms(String secret) {
    byte[] k = secret.isEmpty() ? randomKey() : secret.getBytes(StandardCharsets.UTF_8);
    this.key = new SecretKeySpec(k, ALG);
  }

  public String of(String value) {
    try {
      Mac mac = Mac.getInstance(ALG);
      mac.init(key);
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomKey() {
    byte[] k = new byte[RANDOM_KEY_BYTES];
    new SecureRandom().nextBytes(k);
    return k;
  }
}
