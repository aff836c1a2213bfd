package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * The inference worker pool. Defaults fit a small CPU box: one job at a time using every core for
 * the convolution, a short queue, and an answer of 503 + Retry-After rather than a long wait.
 *
 * @param poolSize           jobs running at once
 * @param queueSize          jobs waiting; one more is refused at once
 * @param intraOpThreads     TensorFlow threads inside one op (0 = cores ÷ poolSize)
 * @param interOpThreads     TensorFlow threads across ops
 * @param jobTimeoutSeconds  the least time any job gets (all it gets when its effect has no speed yet)
 * @param retryAfterSeconds  the Retry-After sent when the queue or memory is full
 * @param tileOutputSide     tiles are cut so their output is at most this many pixels a side
 * @param maxJobSeconds      the most any job gets; work estimated to take longer is refused up front
 * @param deadlineMargin     a job's budget is its estimate times this, and it lives on while its tiles
 *                           finish within this many times its own pace
 */
public record WorkerConfig(int poolSize, int queueSize, int intraOpThreads, int interOpThreads, int jobTimeoutSeconds,
    int retryAfterSeconds, int tileOutputSide, int maxJobSeconds, int deadlineMargin) {
  public static final int DEFAULT_POOL_SIZE = 1;
  public static final int DEFAULT_QUEUE_SIZE = 8;
  public static final int DEFAULT_INTER_OP_THREADS = 1;
  public static final int DEFAULT_JOB_TIMEOUT_SECONDS = 120;
  public static final int DEFAULT_RETRY_AFTER_SECONDS = 2;
  public static final int DEFAULT_TILE_OUTPUT_SIDE = 1024;
  public static final int DEFAULT_MAX_JOB_SECONDS = 900;
  public static final int DEFAULT_DEADLINE_MARGIN = 3;

  public WorkerConfig {
    Check.range("worker.poolSize", poolSize, 1, 64);
    Check.range("worker.queueSize", queueSize, 0, 10_000);
    Check.range("worker.intraOpThreads", intraOpThreads, 1, 256);
    Check.range("worker.interOpThreads", interOpThreads, 1, 256);
    Check.range("worker.jobTimeoutSeconds", jobTimeoutSeconds, 1, 3_600);
    Check.range("worker.retryAfterSeconds", retryAfterSeconds, 1, 3_600);
    Check.range("worker.tileOutputSide", tileOutputSide, 64, 4_096);
    Check.range("worker.maxJobSeconds", maxJobSeconds, jobTimeoutSeconds, 86_400);
    Check.range("worker.deadlineMargin", deadlineMargin, 1, 100);
  }

  /** With the default job bound and margin (tools and tests that run no jobs). */
  public WorkerConfig(int poolSize, int queueSize, int intraOpThreads, int interOpThreads, int jobTimeoutSeconds,
      int retryAfterSeconds, int tileOutputSide) {
    this(poolSize, queueSize, intraOpThreads, interOpThreads, jobTimeoutSeconds, retryAfterSeconds, tileOutputSide,
        Math.max(jobTimeoutSeconds, DEFAULT_MAX_JOB_SECONDS), DEFAULT_DEADLINE_MARGIN);
  }

  static JsonObject defaults() {
    return new JsonObject().put("poolSize", DEFAULT_POOL_SIZE).put("queueSize", DEFAULT_QUEUE_SIZE)
        .put("intraOpThreads", 0).put("interOpThreads", DEFAULT_INTER_OP_THREADS)
        .put("jobTimeoutSeconds", DEFAULT_JOB_TIMEOUT_SECONDS).put("retryAfterSeconds", DEFAULT_RETRY_AFTER_SECONDS)
        .put("tileOutputSide", DEFAULT_TILE_OUTPUT_SIDE).put("maxJobSeconds", DEFAULT_MAX_JOB_SECONDS)
        .put("deadlineMargin", DEFAULT_DEADLINE_MARGIN);
  }

  static WorkerConfig from(JsonObject j) {
    int pool = j.getInteger("poolSize");
    int intra = j.getInteger("intraOpThreads");
    if (intra == 0) {
      intra = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, pool));
    }
    return new WorkerConfig(pool, j.getInteger("queueSize"), intra, j.getInteger("interOpThreads"),
        j.getInteger("jobTimeoutSeconds"), j.getInteger("retryAfterSeconds"), j.getInteger("tileOutputSide"),
        j.getInteger("maxJobSeconds"), j.getInteger("deadlineMargin"));
  }
}
