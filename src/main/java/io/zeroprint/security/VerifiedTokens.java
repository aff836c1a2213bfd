package io.zeroprint.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tokens whose signature was verified recently, so a client sending the same token on every
 * request pays for one signature check (ES256: ~1.6 ms of CPU here, 60% of a 1 MiB upload's server
 * time — bench/RESULTS.md) per {@code ttlMillis}, not per request. Entries are keyed by the token's
 * SHA-256 (the token itself is not kept), never outlive the token's own {@code exp}, and are all
 * dropped when the keys change. Bounded: when full, the table is cleared rather than grown.
 */
final class VerifiedTokens {
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final int maxEntries;
  private final LongSupplier clock;

  private record Entry(Caller caller, long validUntilMillis) {}

  VerifiedTokens(long ttlMillis, int maxEntries, LongSupplier clock) {
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** The caller of a token verified earlier and still valid, or null. */
  Caller get(String token) {
    if (ttlMillis == 0) {
      return null;
    }
    String key = digest(token);
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (clock.getAsLong() >= e.validUntilMillis) {
      entries.remove(key, e);
      return null;
    }
    return e.caller;
  }

  /** Remembers a token just verified; {@code expiresAtMillis} is its {@code exp}. */
  void put(String token, Caller caller, long expiresAtMillis) {
    if (ttlMillis == 0) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(digest(token), new Entry(caller, Math.min(expiresAtMillis, clock.getAsLong() + ttlMillis)));
  }

  /** The keys changed (rotation): every earlier verification is void. */
  void clear() {
    entries.clear();
  }

  private static String digest(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      return java.util.HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
