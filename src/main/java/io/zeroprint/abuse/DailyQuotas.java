package io.zeroprint.abuse;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Images processed per subject per UTC day; counters roll over at midnight UTC. */
final class DailyQuotas {
  private final Clock clock;
  private final Map<String, long[]> used;
  private LocalDate day;

  DailyQuotas(Clock clock, int maxKeys) {
    this.clock = clock;
    this.used = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /** Counts one use if under {@code limit}; returns false (and counts nothing) if the quota is used up. */
  synchronized boolean tryUse(String subject, int limit) {
    rollOver();
    long[] n = used.computeIfAbsent(subject, k -> new long[1]);
    if (n[0] >= limit) {
      return false;
    }
    n[0]++;
    return true;
  }

  synchronized long used(String subject) {
    rollOver();
    long[] n = used.get(subject);
    return n == null ? 0 : n[0];
  }

  /** Seconds until the counters reset (next midnight UTC). */
  long secondsToReset() {
    var now = clock.instant();
    var midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return Math.max(1, midnight.getEpochSecond() - now.getEpochSecond());
  }

  private void rollOver() {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    if (!today.equals(day)) {
      used.clear();
      day = today;
    }
  }
}
