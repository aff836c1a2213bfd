package io.zeroprint.buffer;

import java.util.Arrays;

/** A heap float array of image data (model tiles), zeroed and returned to the budget on close. */
public final class FloatLease implements AutoCloseable {
  private final SegmentPool pool;
  private final MemoryAccount account;
  private float[] floats;

  FloatLease(SegmentPool pool, int length, MemoryAccount account) {
    this.pool = pool;
    this.account = account;
    this.floats = new float[length];
  }

  public float[] floats() {
    if (floats == null) {
      throw new IllegalStateException("lease already released");
    }
    return floats;
  }

  @Override
  public void close() {
    float[] f;
    synchronized (this) {
      f = floats;
      floats = null;
    }
    if (f != null) {
      Arrays.fill(f, 0f);
      pool.releasedHeap((long) f.length * Float.BYTES, account);
    }
  }
}
