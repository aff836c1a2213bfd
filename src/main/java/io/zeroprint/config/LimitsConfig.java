package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * What one request may ask for. Checked before the work it guards: size from Content-Length and
 * while streaming, pixels from the image header before decoding.
 *
 * @param maxUploadBytes  largest accepted image file (also the per-upload buffer cap)
 * @param maxInputPixels  width × height of the source image (imgproxy's default: 16.8 MP)
 * @param maxResultPixels width × height of the result (bounds memory and time of ×4/×8)
 * @param maxOptionsBytes size of the multipart {@code options} JSON part
 * @param uploadDeadlineSeconds an upload still incomplete after this long is stopped (408): a slow
 *                        sender cannot hold a connection and a buffer for ever
 */
public record LimitsConfig(long maxUploadBytes, long maxInputPixels, long maxResultPixels, int maxOptionsBytes,
    int uploadDeadlineSeconds) {
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 25L << 20;
  public static final long DEFAULT_MAX_INPUT_PIXELS = 16_777_216L;
  public static final long DEFAULT_MAX_RESULT_PIXELS = 67_108_864L;
  public static final int DEFAULT_MAX_OPTIONS_BYTES = 4_096;
  public static final int DEFAULT_UPLOAD_DEADLINE_SECONDS = 120;

  public LimitsConfig {
    Check.range("limits.maxUploadBytes", maxUploadBytes, 1, 1L << 34);
    Check.range("limits.maxInputPixels", maxInputPixels, 1, 1L << 32);
    Check.range("limits.maxResultPixels", maxResultPixels, 1, 1L << 34);
    Check.range("limits.maxOptionsBytes", maxOptionsBytes, 64, 1 << 20);
    Check.range("limits.uploadDeadlineSeconds", uploadDeadlineSeconds, 1, 86_400);
  }

  static JsonObject defaults() {
    return new JsonObject().put("maxUploadBytes", DEFAULT_MAX_UPLOAD_BYTES)
        .put("maxInputPixels", DEFAULT_MAX_INPUT_PIXELS).put("maxResultPixels", DEFAULT_MAX_RESULT_PIXELS)
        .put("maxOptionsBytes", DEFAULT_MAX_OPTIONS_BYTES).put("uploadDeadlineSeconds", DEFAULT_UPLOAD_DEADLINE_SECONDS);
  }

  static LimitsConfig from(JsonObject j) {
    return new LimitsConfig(j.getLong("maxUploadBytes"), j.getLong("maxInputPixels"), j.getLong("maxResultPixels"),
        j.getInteger("maxOptionsBytes"), j.getInteger("uploadDeadlineSeconds"));
  }
}
