package io.zeroprint.error;

/**
 * The error catalogue: every failure a client can see, with its stable {@code code}, HTTP status and
 * public message. Nothing else is ever sent as an error body (no stack traces, no echoed input).
 */
public enum ErrorCode {
  MALFORMED_REQUEST(400, "The request could not be parsed."),
  MISSING_IMAGE(400, "The request carries no image: send it as the multipart part 'image' or as the body."),
  UNEXPECTED_PART(400, "The multipart body has a part this endpoint does not take."),
  INVALID_OPTION(400, "An option has a value this endpoint does not take."),
  UNKNOWN_EFFECT(400, "The effect is not one this server offers."),
  UNAUTHORIZED(401, "A valid bearer token is required."),
  FORBIDDEN(403, "The token does not grant the scope this route needs."),
  RESULT_KEY_INVALID(403, "The result key is missing or does not open this result."),
  NOT_FOUND(404, "No such resource."),
  METHOD_NOT_ALLOWED(405, "The method is not allowed on this resource."),
  UPLOAD_TIMEOUT(408, "The upload took longer than this server allows."),
  CANCELLED(409, "The request was cancelled and everything it held was erased."),
  RESULT_NOT_READY(409, "The job has no result yet; follow its events or retry later."),
  RECEIPT_NOT_READY(409, "The request still holds memory; its receipt is issued once everything is zeroed."),
  RESULT_GONE(410, "The result was delivered, expired or deleted, and no longer exists."),
  PAYLOAD_TOO_LARGE(413, "The upload is larger than this server accepts."),
  UNSUPPORTED_MEDIA_TYPE(415, "Send the image as multipart/form-data or as an image/png or image/jpeg body."),
  UNSUPPORTED_IMAGE_FORMAT(415, "The image is not a PNG or a JPEG (judged by its content, not its name)."),
  TOO_MANY_PIXELS(422, "The image has more pixels than this server accepts."),
  RESULT_TOO_LARGE(422, "The result would have more pixels than this server produces; ask for a smaller scale."),
  CORRUPT_IMAGE(422, "The image is damaged or truncated and cannot be decoded."),
  ANIMATED_IMAGE(422, "Only single-frame images are accepted."),
  RATE_LIMITED(429, "Too many requests; retry after the time given in Retry-After."),
  QUOTA_EXCEEDED(429, "The daily quota of processed images is used up."),
  TOO_MANY_JOBS(429, "Too many of your requests are in progress at once."),
  JOBS_FULL(429, "The server tracks as many jobs as it can; retry after the time given in Retry-After."),
  QUEUE_FULL(503, "The server is busy; retry after the time given in Retry-After."),
  MEMORY_BUSY(503, "The server's image memory is in use; retry after the time given in Retry-After."),
  PROCESSING_TIMEOUT(503, "Processing took longer than this server allows."),
  EFFECT_UNAVAILABLE(503, "The effect's model is not installed on this server."),
  STORE_UNAVAILABLE(503, "The store of retained results cannot be reached; retry after the time given in Retry-After."),
  INTERNAL(500, "The server failed to process the request.");

  private final int status;
  private final String message;

  ErrorCode(int status, String message) {
    this.status = status;
    this.message = message;
  }

  /** Stable machine-readable code, e.g. {@code payload_too_large}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public int status() {
    return status;
  }

  public String message() {
    return message;
  }

  /**
   * Whether the client should retry later (answered with {@code Retry-After}), including a job's
   * result that is not ready yet. A missing model is not transient: retrying does not install it.
   */
  public boolean retryable() {
    return (status == 503 || status == 429) && this != EFFECT_UNAVAILABLE || this == RESULT_NOT_READY || this == RECEIPT_NOT_READY;
  }

  /** Whether the connection must close because the rest of the request body is not read. */
  public boolean abandonsBody() {
    return this == PAYLOAD_TOO_LARGE || this == MEMORY_BUSY || this == UPLOAD_TIMEOUT;
  }
}
