package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * Abuse limits (token buckets, Bucket4j). Answered with 429, {@code Retry-After} and
 * {@code RateLimit-*} headers.
 *
 * @param perSubjectPerMinute    work submitted per token subject per minute (images sent, on any transport)
 * @param readsPerSubjectPerMinute other authenticated requests per subject per minute (status, events,
 *                               results, data rights): polling must not spend the allowance for work
 * @param perIpPerMinute         requests per client address per minute (checked before authentication)
 * @param dailyQuota             processed images per subject per UTC day (a token claim may lower or raise it)
 * @param quotaClaim             name of that claim
 * @param maxConcurrentPerSubject requests of one subject in flight at once
 * @param trackedKeys            subjects/addresses remembered at once (least recently seen forgotten first)
 */
public record AbuseConfig(int perSubjectPerMinute, int readsPerSubjectPerMinute, int perIpPerMinute, int dailyQuota, String quotaClaim,
    int maxConcurrentPerSubject, int trackedKeys) {
  public static final int DEFAULT_PER_SUBJECT_PER_MINUTE = 30;
  public static final int DEFAULT_READS_PER_SUBJECT_PER_MINUTE = 600;
  public static final int DEFAULT_PER_IP_PER_MINUTE = 120;
  public static final int DEFAULT_DAILY_QUOTA = 500;
  public static final String DEFAULT_QUOTA_CLAIM = "zeroprint_daily_quota";
  public static final int DEFAULT_MAX_CONCURRENT_PER_SUBJECT = 2;
  public static final int DEFAULT_TRACKED_KEYS = 100_000;

  public AbuseConfig {
    Check.range("abuse.perSubjectPerMinute", perSubjectPerMinute, 1, 1_000_000);
    Check.range("abuse.readsPerSubjectPerMinute", readsPerSubjectPerMinute, 1, 1_000_000);
    Check.range("abuse.perIpPerMinute", perIpPerMinute, 1, 1_000_000);
    Check.range("abuse.dailyQuota", dailyQuota, 1, 100_000_000);
    Check.notBlank("abuse.quotaClaim", quotaClaim);
    Check.range("abuse.maxConcurrentPerSubject", maxConcurrentPerSubject, 1, 1_000);
    Check.range("abuse.trackedKeys", trackedKeys, 100, 10_000_000);
  }

  static JsonObject defaults() {
    return new JsonObject().put("perSubjectPerMinute", DEFAULT_PER_SUBJECT_PER_MINUTE)
        .put("readsPerSubjectPerMinute", DEFAULT_READS_PER_SUBJECT_PER_MINUTE)
        .put("perIpPerMinute", DEFAULT_PER_IP_PER_MINUTE).put("dailyQuota", DEFAULT_DAILY_QUOTA)
        .put("quotaClaim", DEFAULT_QUOTA_CLAIM).put("maxConcurrentPerSubject", DEFAULT_MAX_CONCURRENT_PER_SUBJECT)
        .put("trackedKeys", DEFAULT_TRACKED_KEYS);
  }

  static AbuseConfig from(JsonObject j) {
    return new AbuseConfig(j.getInteger("perSubjectPerMinute"), j.getInteger("readsPerSubjectPerMinute"),
        j.getInteger("perIpPerMinute"),
        j.getInteger("dailyQuota"), j.getString("quotaClaim"), j.getInteger("maxConcurrentPerSubject"),
        j.getInteger("trackedKeys"));
  }
}
