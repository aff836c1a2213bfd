package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * The image memory pool: every byte of an upload, decoded pixels, model tiles and encoded result.
 *
 * @param budgetBytes   all image memory in use at once; past it requests get 503 + Retry-After
 * @param segmentBytes  off-heap segment size uploads and results are stored in
 * @param maxIdleBytes  zeroed segments kept for reuse instead of being freed
 */
public record BufferConfig(long budgetBytes, int segmentBytes, long maxIdleBytes) {
  public static final long DEFAULT_BUDGET_BYTES = 1L << 30;
  public static final int DEFAULT_SEGMENT_BYTES = 64 * 1024;
  public static final long DEFAULT_MAX_IDLE_BYTES = 16L << 20;

  public BufferConfig {
    Check.range("buffers.budgetBytes", budgetBytes, 1L << 20, 1L << 40);
    Check.range("buffers.segmentBytes", segmentBytes, 4_096, 16 << 20);
    Check.range("buffers.maxIdleBytes", maxIdleBytes, 0, budgetBytes);
  }

  static JsonObject defaults() {
    return new JsonObject().put("budgetBytes", DEFAULT_BUDGET_BYTES).put("segmentBytes", DEFAULT_SEGMENT_BYTES)
        .put("maxIdleBytes", DEFAULT_MAX_IDLE_BYTES);
  }

  static BufferConfig from(JsonObject j) {
    return new BufferConfig(j.getLong("budgetBytes"), j.getInteger("segmentBytes"), j.getLong("maxIdleBytes"));
  }
}
