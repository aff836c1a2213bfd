package io.zeroprint.error;

/**
 * A failure with its catalogue entry. {@code detail} is public text written by us (never input
 * echoed back, never image content), e.g. the limit that was exceeded.
 */
public final class ProblemException extends RuntimeException {
  private final ErrorCode code;
  private final Integer retryAfterSeconds;
  private final Long rateLimit;
  private final java.util.Map<String, Object> members;

  public ProblemException(ErrorCode code) {
    this(code, code.message());
  }

  public ProblemException(ErrorCode code, String detail) {
    this(code, detail, null);
  }

  /** @param retryAfterSeconds when the client may retry; null = the server's default */
  public ProblemException(ErrorCode code, String detail, Integer retryAfterSeconds) {
    this(code, detail, retryAfterSeconds, null, java.util.Map.of());
  }

  private ProblemException(ErrorCode code, String detail, Integer retryAfterSeconds, Long rateLimit,
      java.util.Map<String, Object> members) {
    super(detail, null, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.rateLimit = rateLimit;
    this.members = members;
  }

  /** The same refusal, naming the rate limit that refused it (answered as {@code RateLimit-*}). */
  public ProblemException withRateLimit(long limit) {
    return new ProblemException(code, detail(), retryAfterSeconds, limit, members);
  }

  /** The same problem with an extension member (RFC 9457) the answer carries, e.g. a gone job's webhook. */
  public ProblemException with(String name, Object value) {
    java.util.Map<String, Object> more = new java.util.LinkedHashMap<>(members);
    more.put(name, value);
    return new ProblemException(code, detail(), retryAfterSeconds, rateLimit, java.util.Map.copyOf(more));
  }

  /** Extension members, by name. */
  public java.util.Map<String, Object> members() {
    return members;
  }

  /** The requests-per-window limit that refused this request, if a rate limit did. */
  public java.util.Optional<Long> rateLimit() {
    return java.util.Optional.ofNullable(rateLimit);
  }

  public java.util.Optional<Integer> retryAfterSeconds() {
    return java.util.Optional.ofNullable(retryAfterSeconds);
  }

  public ErrorCode code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  /** The catalogue entry of any failure: unknown ones are internal errors. */
  public static ProblemException of(Throwable t) {
    return t instanceof ProblemException p ? p : new ProblemException(ErrorCode.INTERNAL);
  }
}
