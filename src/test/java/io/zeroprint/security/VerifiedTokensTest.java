package io.zeroprint.security;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The verified-token memory: never past the token's exp or its own TTL, void on key change, bounded. */
class VerifiedTokensTest {
  private static final Caller ALICE = new Caller("alice", Set.of(Caller.SCOPE_ENHANCE), OptionalInt.empty());
  private final AtomicLong now = new AtomicLong(1_000_000);

  @Test
  void aVerifiedTokenIsRememberedUntilItsTtl() {
    VerifiedTokens t = new VerifiedTokens(60_000, 10, now::get);
    t.put("token-a", ALICE, now.get() + 3_600_000);
    assertSame(ALICE, t.get("token-a"));
    assertNull(t.get("token-b"));
    now.addAndGet(60_000);
    assertNull(t.get("token-a"));
  }

  @Test
  void aTokenIsNeverTrustedPastItsOwnExpiry() {
    VerifiedTokens t = new VerifiedTokens(60_000, 10, now::get);
    t.put("token-a", ALICE, now.get() + 5_000);
    now.addAndGet(5_000);
    assertNull(t.get("token-a"));
  }

  @Test
  void keyRotationForgetsEveryVerification() {
    VerifiedTokens t = new VerifiedTokens(60_000, 10, now::get);
    t.put("token-a", ALICE, now.get() + 3_600_000);
    t.clear();
    assertNull(t.get("token-a"));
  }

  @Test
  void zeroTtlChecksEveryRequestAndAFullTableStartsOver() {
    VerifiedTokens off = new VerifiedTokens(0, 10, now::get);
    off.put("token-a", ALICE, now.get() + 3_600_000);
    assertNull(off.get("token-a"));
    VerifiedTokens small = new VerifiedTokens(60_000, 2, now::get);
    small.put("a", ALICE, Long.MAX_VALUE);
    small.put("b", ALICE, Long.MAX_VALUE);
    small.put("c", ALICE, Long.MAX_VALUE);
    assertNull(small.get("a"));
    assertSame(ALICE, small.get("c"));
  }
}
