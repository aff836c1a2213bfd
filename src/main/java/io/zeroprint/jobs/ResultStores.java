package io.zeroprint.jobs;

import io.vertx.core.Vertx;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.config.JobsConfig;

/** Builds the configured {@link ResultStore}. */
public final class ResultStores {
  private ResultStores() {}

  public static ResultStore create(Vertx vertx, BufferStore store, JobsConfig config) {
    return JobsConfig.STORE_REDIS.equals(config.store())
        ? new RedisResultStore(vertx, store, config.redisUrl())
        : new MemoryResultStore(vertx, store);
  }
}
