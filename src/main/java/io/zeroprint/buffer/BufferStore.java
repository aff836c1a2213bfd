package io.zeroprint.buffer;

/**
 * The narrow surface through which every component gets memory for image data. Everything it hands
 * out is zeroed when released, and counted while in use, so "bytes in use back to 0" proves that a
 * request left nothing behind.
 */
public interface BufferStore {

  /**
   * A new, empty segmented off-heap buffer that refuses to grow past {@code maxBytes}; it belongs to
   * the calling thread's current {@link MemoryAccount}, if any.
   */
  SegmentBuffer open(long maxBytes);

  /**
   * As {@link #open(long)}, attributed to {@code account} whatever the thread's current account
   * (null: to none), for buffers opened outside a scope, such as an upload on an event loop.
   */
  SegmentBuffer open(long maxBytes, MemoryAccount account);

  /** A zero-filled heap byte array counted against the budget (and the current account); zeroed again on close. */
  ByteLease leaseBytes(int length);

  /** A zero-filled heap float array counted against the budget (and the current account); zeroed again on close. */
  FloatLease leaseFloats(int length);

  /** Current accounting. */
  BufferStats stats();
}
