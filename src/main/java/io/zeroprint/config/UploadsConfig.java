package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * Resumable uploads ({@code /v1/uploads}, tus 1.0.0), held in memory only.
 *
 * @param expirySeconds an unfinished upload that received no byte for this long is zeroed and its job
 *                      fails; this, not {@code limits.uploadDeadlineSeconds}, bounds a resumable upload
 * @param maxPerSubject unfinished uploads one subject holds at once
 */
public record UploadsConfig(int expirySeconds, int maxPerSubject) {
  public static final int DEFAULT_EXPIRY_SECONDS = 600;
  public static final int DEFAULT_MAX_PER_SUBJECT = 4;

  public UploadsConfig {
    Check.range("uploads.expirySeconds", expirySeconds, 1, 86_400);
    Check.range("uploads.maxPerSubject", maxPerSubject, 1, 10_000);
  }

  static JsonObject defaults() {
    return new JsonObject().put("expirySeconds", DEFAULT_EXPIRY_SECONDS).put("maxPerSubject", DEFAULT_MAX_PER_SUBJECT);
  }

  static UploadsConfig from(JsonObject j) {
    return new UploadsConfig(j.getInteger("expirySeconds"), j.getInteger("maxPerSubject"));
  }
}
