package io.zeroprint.buffer;

/**
 * A buffer was asked to grow past the cap it was opened with. What that means is the caller's to
 * say: an upload larger than accepted, or a result larger than produced.
 */
public final class CapacityExceeded extends RuntimeException {
  private final long cap;

  CapacityExceeded(long cap) {
    super("capacity " + cap + " bytes exceeded", null, false, false);
    this.cap = cap;
  }

  /** The cap, in bytes. */
  public long cap() {
    return cap;
  }
}
