package io.zeroprint.abuse;

import io.github.bucket4j.ConsumptionProbe;
import io.zeroprint.config.AbuseConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.security.Caller;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The rate limits and the daily quota, shared by all HTTP verticle instances: token buckets per
 * address, per subject for work (images sent) and per subject for everything else (reads), and the
 * count of images per subject per UTC day. Each check either passes (returning what the
 * {@code RateLimit-*} headers should say) or throws a 429 problem whose {@code Retry-After} and
 * rate limit are those of the bucket that refused.
 */
public final class AbuseLimits {
  /** What the {@code RateLimit-Limit/-Remaining/-Reset} headers say after a check. */
  public record Window(long limit, long remaining, long resetSeconds) {}

  private static final long MINUTE_SECONDS = 60;

  private final AbuseConfig config;
  private final KeyedBuckets perAddress;
  private final KeyedBuckets work;
  private final KeyedBuckets reads;
  private final DailyQuotas quotas;

  public AbuseLimits(AbuseConfig config, Clock clock) {
    this.config = config;
    this.perAddress = new KeyedBuckets(config.perIpPerMinute(), config.trackedKeys());
    this.work = new KeyedBuckets(config.perSubjectPerMinute(), config.trackedKeys());
    this.reads = new KeyedBuckets(config.readsPerSubjectPerMinute(), config.trackedKeys());
    this.quotas = new DailyQuotas(clock, config.trackedKeys());
  }

  /** @param addressPseudonym the client address, already pseudonymised (raw addresses are never kept) */
  public Window takeAddress(String addressPseudonym) {
    return take(perAddress, addressPseudonym);
  }

  /** One piece of work submitted, on any transport. */
  public Window takeWork(Caller caller) {
    return take(work, caller.subject());
  }

  /** One authenticated request that submits no work. */
  public Window takeRead(Caller caller) {
    return take(reads, caller.subject());
  }

  /** Counts one processed image against the caller's daily quota. */
  public void useQuota(Caller caller) {
    int limit = quotaOf(caller);
    if (!quotas.tryUse(caller.subject(), limit)) {
      throw new ProblemException(ErrorCode.QUOTA_EXCEEDED, "The quota is " + limit + " images per UTC day.",
          (int) quotas.secondsToReset());
    }
  }

  public int quotaOf(Caller caller) {
    return caller.dailyQuota().orElse(config.dailyQuota());
  }

  public long quotaUsed(Caller caller) {
    return quotas.used(caller.subject());
  }

  public long quotaResetSeconds() {
    return quotas.secondsToReset();
  }

  public long workRemaining(Caller caller) {
    return work.remaining(caller.subject());
  }

  private static Window take(KeyedBuckets buckets, String key) {
    ConsumptionProbe probe = buckets.take(key);
    long reset = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForReset()));
    if (!probe.isConsumed()) {
      int retry = (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
      throw new ProblemException(ErrorCode.RATE_LIMITED, "The limit is " + buckets.limit() + " requests a minute.",
          retry).withRateLimit(buckets.limit());
    }
    return new Window(buckets.limit(), probe.getRemainingTokens(), Math.min(reset, MINUTE_SECONDS));
  }
}
