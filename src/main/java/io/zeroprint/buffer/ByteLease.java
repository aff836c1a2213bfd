package io.zeroprint.buffer;

import java.util.Arrays;

/** A heap byte array of image data, zeroed and returned to the budget on close (idempotent). */
public final class ByteLease implements AutoCloseable {
  private final SegmentPool pool;
  private final MemoryAccount account;
  private byte[] bytes;

  ByteLease(SegmentPool pool, int length, MemoryAccount account) {
    this.pool = pool;
    this.account = account;
    this.bytes = new byte[length];
  }

  public byte[] bytes() {
    if (bytes == null) {
      throw new IllegalStateException("lease already released");
    }
    return bytes;
  }

  @Override
  public void close() {
    byte[] b;
    synchronized (this) {
      b = bytes;
      bytes = null;
    }
    if (b != null) {
      Arrays.fill(b, (byte) 0);
      pool.releasedHeap(b.length, account);
    }
  }
}
