package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * Asynchronous jobs and opt-in retention.
 *
 * @param maxJobs               jobs the server tracks at once (any state, synchronous requests included); one more gets 429
 * @param maxPerSubject         jobs one subject holds at once (any state), so one subject cannot fill the server
 * @param resultTtlSeconds      an unclaimed result is zeroed and the job expires after this long
 * @param tombstoneSeconds      how long a finished job's id still answers 410 instead of 404
 * @param progressIntervalMillis progress events are sent at most this often per job (state changes at once)
 * @param maxRetentionSeconds   the longest a client may ask a result to be kept ({@code retain=PT24H})
 * @param store                 where retained (encrypted) results live: {@code memory} or {@code redis}
 * @param redisUrl              Redis connection string for {@code store=redis}
 */
public record JobsConfig(int maxJobs, int maxPerSubject, int resultTtlSeconds, int tombstoneSeconds, int progressIntervalMillis,
    long maxRetentionSeconds, String store, String redisUrl) {
  public static final int DEFAULT_MAX_JOBS = 256;
  public static final int DEFAULT_MAX_PER_SUBJECT = 32;
  public static final int DEFAULT_RESULT_TTL_SECONDS = 300;
  public static final int DEFAULT_TOMBSTONE_SECONDS = 600;
  public static final int DEFAULT_PROGRESS_INTERVAL_MILLIS = 100;
  public static final long DEFAULT_MAX_RETENTION_SECONDS = 10L * 24 * 3600;
  public static final String STORE_MEMORY = "memory";
  public static final String STORE_REDIS = "redis";

  public JobsConfig {
    Check.range("jobs.maxJobs", maxJobs, 1, 1_000_000);
    Check.range("jobs.maxPerSubject", maxPerSubject, 1, 1_000_000);
    Check.range("jobs.resultTtlSeconds", resultTtlSeconds, 1, 86_400);
    Check.range("jobs.tombstoneSeconds", tombstoneSeconds, 1, 86_400);
    Check.range("jobs.progressIntervalMillis", progressIntervalMillis, 10, 10_000);
    Check.range("jobs.maxRetentionSeconds", maxRetentionSeconds, 0, 365L * 24 * 3600);
    Check.that(store.equals(STORE_MEMORY) || store.equals(STORE_REDIS), "jobs.store", "must be memory or redis");
    Check.that(!store.equals(STORE_REDIS) || !redisUrl.isEmpty(), "jobs.redisUrl", "required when jobs.store is redis");
  }

  static JsonObject defaults() {
    return new JsonObject().put("maxJobs", DEFAULT_MAX_JOBS).put("maxPerSubject", DEFAULT_MAX_PER_SUBJECT).put("resultTtlSeconds", DEFAULT_RESULT_TTL_SECONDS)
        .put("tombstoneSeconds", DEFAULT_TOMBSTONE_SECONDS).put("progressIntervalMillis", DEFAULT_PROGRESS_INTERVAL_MILLIS)
        .put("maxRetentionSeconds", DEFAULT_MAX_RETENTION_SECONDS).put("store", STORE_MEMORY).put("redisUrl", "");
  }

  static JobsConfig from(JsonObject j) {
    return new JobsConfig(j.getInteger("maxJobs"), j.getInteger("maxPerSubject"), j.getInteger("resultTtlSeconds"), j.getInteger("tombstoneSeconds"),
        j.getInteger("progressIntervalMillis"), j.getLong("maxRetentionSeconds"), j.getString("store"),
        j.getString("redisUrl"));
  }
}
