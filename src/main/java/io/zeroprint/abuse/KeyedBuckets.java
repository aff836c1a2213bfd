package io.zeroprint.abuse;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Bucket4j token bucket per key (a subject or an address pseudonym), N per minute, in a
 * bounded least-recently-used map so a flood of new keys cannot grow memory without bound.
 */
final class KeyedBuckets {
  private final int perMinute;
  private final Map<String, Bucket> buckets;

  KeyedBuckets(int perMinute, int maxKeys) {
    this.perMinute = perMinute;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxKeys;
      }
    };
  }

  int limit() {
    return perMinute;
  }

  ConsumptionProbe take(String key) {
    Bucket bucket;
    synchronized (buckets) {
      bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
          .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
          .build());
    }
    return bucket.tryConsumeAndReturnRemaining(1);
  }

  long remaining(String key) {
    synchronized (buckets) {
      Bucket b = buckets.get(key);
      return b == null ? perMinute : b.getAvailableTokens();
    }
  }
}
