package io.zeroprint.abuse;

import io.github.bucket4j.ConsumptionProbe;
import io.zeroprint.config.AbuseConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.security.Caller;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Every abuse limit in one place, shared by all HTTP verticle instances: per-address and
 * per-subject token buckets, the daily quota and the in-flight cap. Each check either passes
 * (returning what the {@code RateLimit-*} headers should say) or throws a 429 problem with the
 * right {@code Retry-After}.
 */
public final class AbuseLimits {
  /** What the {@code RateLimit-Limit/-Remaining/-Reset} headers say after a check. */
  public record Window(long limit, long remaining, long resetSeconds) {}

  private static final long MINUTE_SECONDS = 60;

  private final AbuseConfig config;
  private final KeyedBuckets perAddress;
  private final KeyedBuckets perSubject;
  private final DailyQuotas quotas;
  private final InFlight inFlight = new InFlight();

  public AbuseLimits(AbuseConfig config, Clock clock) {
    this.config = config;
    this.perAddress = new KeyedBuckets(config.perIpPerMinute(), config.trackedKeys());
    this.perSubject = new KeyedBuckets(config.perSubjectPerMinute(), config.trackedKeys());
    this.quotas = new DailyQuotas(clock, config.trackedKeys());
  }

  public InFlight inFlight() {
    return inFlight;
  }

  /** @param addressPseudonym the client address, already pseudonymised (raw addresses are never kept) */
  public Window takeAddress(String addressPseudonym) {
    return take(perAddress, addressPseudonym);
  }

  public Window takeSubject(Caller caller) {
    return take(perSubject, caller.subject());
  }

  /** Counts one processed image against the caller's daily quota. */
  public void useQuota(Caller caller) {
    int limit = quotaOf(caller);
    if (!quotas.tryUse(caller.subject(), limit)) {
      throw new ProblemException(ErrorCode.QUOTA_EXCEEDED, "The quota is " + limit + " images per UTC day.",
          (int) quotas.secondsToReset());
    }
  }

  /** Registers a request in flight, or throws {@code TOO_MANY_JOBS}. */
  public InFlight.Entry openJob(Caller caller, String jobId, Runnable cancel) {
    InFlight.Entry e = inFlight.open(caller.subject(), jobId, config.maxConcurrentPerSubject(), cancel);
    if (e == null) {
      throw new ProblemException(ErrorCode.TOO_MANY_JOBS,
          "At most " + config.maxConcurrentPerSubject() + " requests at once.", 1);
    }
    return e;
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

  public long subjectRemaining(Caller caller) {
    return perSubject.remaining(caller.subject());
  }

  private static Window take(KeyedBuckets buckets, String key) {
    ConsumptionProbe probe = buckets.take(key);
    long reset = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForReset()));
    if (!probe.isConsumed()) {
      int retry = (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
      throw new ProblemException(ErrorCode.RATE_LIMITED, "The limit is " + buckets.limit() + " requests a minute.",
          retry);
    }
    return new Window(buckets.limit(), probe.getRemainingTokens(), Math.min(reset, MINUTE_SECONDS));
  }
}
