package io.zeroprint.model;

import org.tensorflow.ndarray.buffer.FloatDataBuffer;

/** Overwrites tensor memory with zeros in bulk, from one shared read-only zero array. */
final class Zeros {
  private static final int CHUNK = 1 << 16;
  private static final float[] ZEROS = new float[CHUNK];

  private Zeros() {}

  static void fill(FloatDataBuffer data, long length) {
    for (long at = 0; at < length; at += CHUNK) {
      int n = (int) Math.min(CHUNK, length - at);
      data.offset(at).write(ZEROS, 0, n);
    }
  }
}
