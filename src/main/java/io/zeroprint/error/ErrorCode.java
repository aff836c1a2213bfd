package io.zeroprint.error;

/**
 * The error catalogue: every failure a client can see, with its stable {@code code} and public
 * message. Nothing else is ever sent as an error (no stack traces, no echoed input). These are
 * domain failures — what went wrong, not how a transport says it: the HTTP status, {@code Retry-After}
 * and connection handling of each are decided in one place at the edge.
 */
public enum ErrorCode {
  MALFORMED_REQUEST("The request could not be parsed."),
  MISSING_IMAGE("The request carries no image: send it as the multipart part 'image' or as the body."),
  UNEXPECTED_PART("The multipart body has a part this endpoint does not take."),
  INVALID_OPTION("An option has a value this endpoint does not take."),
  UNKNOWN_EFFECT("The effect is not one this server offers."),
  UNAUTHORIZED("A valid bearer token is required."),
  FORBIDDEN("The token does not grant the scope this route needs."),
  ORIGIN_NOT_ALLOWED("The request comes from an origin or names a host this route does not accept."),
  RESULT_KEY_INVALID("The result key is missing or does not open this result."),
  NOT_FOUND("No such resource."),
  METHOD_NOT_ALLOWED("The method is not allowed on this resource."),
  URI_TOO_LONG("The request line is longer than this server accepts."),
  HEADERS_TOO_LARGE("The request headers are larger than this server accepts."),
  UPLOAD_TIMEOUT("The upload took longer than this server allows."),
  CANCELLED("The request was cancelled and everything it held was erased."),
  RESULT_NOT_READY("The job has no result yet; follow its events or retry later."),
  RECEIPT_NOT_READY("The request still holds memory; its receipt is issued once everything is zeroed."),
  RESULT_GONE("The result was delivered, expired or deleted, and no longer exists."),
  PAYLOAD_TOO_LARGE("The upload is larger than this server accepts."),
  UNSUPPORTED_MEDIA_TYPE("Send the image as multipart/form-data or as an image/png or image/jpeg body."),
  UNSUPPORTED_IMAGE_FORMAT("The image is not a PNG or a JPEG (judged by its content, not its name)."),
  TOO_MANY_PIXELS("The image has more pixels than this server accepts."),
  RESULT_TOO_LARGE("The result would have more pixels than this server produces; ask for a smaller scale."),
  CORRUPT_IMAGE("The image is damaged or truncated and cannot be decoded."),
  ANIMATED_IMAGE("Only single-frame images are accepted."),
  TOO_MUCH_WORK("The work would take longer than this server gives one request; send a smaller image or scale."),
  RATE_LIMITED("Too many requests; retry after the time given in Retry-After."),
  QUOTA_EXCEEDED("The daily quota of processed images is used up."),
  TOO_MANY_JOBS("Too many of your requests are in progress at once."),
  JOBS_FULL("The server tracks as many jobs as it can; retry after the time given in Retry-After."),
  QUEUE_FULL("The server is busy; retry after the time given in Retry-After."),
  MEMORY_BUSY("The server's image memory is in use; retry after the time given in Retry-After."),
  PROCESSING_TIMEOUT("Processing took longer than this server allows."),
  EFFECT_UNAVAILABLE("The effect's model is not installed on this server."),
  STORE_UNAVAILABLE("The store of retained results cannot be reached; retry after the time given in Retry-After."),
  OFFSET_MISMATCH("Upload-Offset is not where the upload stands: ask with HEAD and resume from there."),
  CHECKSUM_MISMATCH("The chunk does not match its Upload-Checksum; none of it was kept."),
  TOO_MANY_UPLOADS("Too many of your resumable uploads are unfinished at once; finish or delete one."),
  UPLOAD_EXPIRED("The resumable upload was idle for too long; everything it held was zeroed."),
  UNSUPPORTED_VERSION("This endpoint speaks tus 1.0.0: send Tus-Resumable: 1.0.0."),
  WEBHOOKS_DISABLED("This server sends no webhooks: follow the job's events or poll it instead."),
  WEBHOOK_NOT_ALLOWED("The webhook URL is not one this server sends to, or not on this route."),
  SHUTTING_DOWN("The server is shutting down and takes no new work; retry after the time given in Retry-After."),
  INTERNAL("The server failed to process the request.");

  private final String message;

  ErrorCode(String message) {
    this.message = message;
  }

  /** Stable machine-readable code, e.g. {@code payload_too_large}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public String message() {
    return message;
  }
}
