package io.zeroprint.http;

import io.zeroprint.error.ErrorCode;

/**
 * How HTTP (and the WebSocket's error messages, which mirror it) states each domain failure: its
 * status, whether the client is told when to retry, and whether the rest of an unread body is
 * abandoned. The switch is exhaustive, so a new code cannot reach a client without a status.
 */
final class ProblemStatus {
  private ProblemStatus() {}

  static int of(ErrorCode code) {
    return switch (code) {
      case MALFORMED_REQUEST, MISSING_IMAGE, UNEXPECTED_PART, INVALID_OPTION, UNKNOWN_EFFECT, WEBHOOKS_DISABLED,
          WEBHOOK_NOT_ALLOWED -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN, ORIGIN_NOT_ALLOWED, RESULT_KEY_INVALID -> 403;
      case NOT_FOUND -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case UPLOAD_TIMEOUT -> 408;
      case URI_TOO_LONG -> 414;
      case HEADERS_TOO_LARGE -> 431;
      case CANCELLED, RESULT_NOT_READY, RECEIPT_NOT_READY, OFFSET_MISMATCH -> 409;
      case RESULT_GONE, UPLOAD_EXPIRED -> 410;
      case UNSUPPORTED_VERSION -> 412;
      case CHECKSUM_MISMATCH -> 460; // tus's own status for a chunk that fails its checksum
      case PAYLOAD_TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_IMAGE_FORMAT -> 415;
      case TOO_MANY_PIXELS, RESULT_TOO_LARGE, CORRUPT_IMAGE, ANIMATED_IMAGE, TOO_MUCH_WORK -> 422;
      case RATE_LIMITED, QUOTA_EXCEEDED, TOO_MANY_JOBS, JOBS_FULL, TOO_MANY_UPLOADS -> 429;
      case INTERNAL -> 500;
      case QUEUE_FULL, MEMORY_BUSY, PROCESSING_TIMEOUT, EFFECT_UNAVAILABLE, STORE_UNAVAILABLE,
          SHUTTING_DOWN -> 503;
    };
  }

  /**
   * Whether the client should retry later (answered with {@code Retry-After}): limits, a busy server,
   * and a job's result or receipt that is not ready yet. A missing model is not transient: retrying
   * does not install it.
   */
  static boolean retryable(ErrorCode code) {
    int status = of(code);
    return (status == 503 || status == 429) && code != ErrorCode.EFFECT_UNAVAILABLE
        || code == ErrorCode.RESULT_NOT_READY || code == ErrorCode.RECEIPT_NOT_READY;
  }

  /** Whether the connection must close because the rest of the request body is not read. */
  static boolean abandonsBody(ErrorCode code) {
    return code == ErrorCode.PAYLOAD_TOO_LARGE || code == ErrorCode.MEMORY_BUSY || code == ErrorCode.UPLOAD_TIMEOUT;
  }
}
