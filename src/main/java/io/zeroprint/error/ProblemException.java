package io.zeroprint.error;

/**
 * A failure with its catalogue entry. {@code detail} is public text written by us (never input
 * echoed back, never image content), e.g. the limit that was exceeded.
 */
public final class ProblemException extends RuntimeException {
  private final ErrorCode code;

  public ProblemException(ErrorCode code) {
    this(code, code.message());
  }

  public ProblemException(ErrorCode code, String detail) {
    super(detail, null, false, false);
    this.code = code;
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
