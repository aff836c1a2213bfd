package io.zeroprint.effects.segment;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;

/**
 * In-place blur of interleaved 8-bit planes: three passes of a separable running-sum box blur,
 * which approximates a Gaussian of σ ≈ radius. Cost is independent of the radius. The scratch
 * line buffer is a budgeted lease, zeroed after use.
 */
public final class BoxBlur {
  private static final int PASSES = 3;

  private BoxBlur() {}

  public static void blur(BufferStore store, byte[] px, int w, int h, int channels, int radius) {
    if (radius < 1) {
      return;
    }
    try (ByteLease line = store.leaseBytes(Math.max(w, h) * channels)) {
      for (int pass = 0; pass < PASSES; pass++) {
        for (int y = 0; y < h; y++) {
          run(px, y * w * channels, channels, w, channels, radius, line.bytes());
        }
        for (int x = 0; x < w; x++) {
          run(px, x * channels, w * channels, h, channels, radius, line.bytes());
        }
      }
    }
  }

  /** One 1-D pass over {@code n} pixels starting at {@code start}, {@code step} bytes apart; edges clamp. */
  private static void run(byte[] px, int start, int step, int n, int channels, int radius, byte[] line) {
    for (int i = 0; i < n; i++) {
      System.arraycopy(px, start + i * step, line, i * channels, channels);
    }
    int window = 2 * radius + 1;
    for (int c = 0; c < channels; c++) {
      int sum = 0;
      for (int k = -radius; k <= radius; k++) {
        sum += line[clamp(k, n) * channels + c] & 0xff;
      }
      for (int i = 0; i < n; i++) {
        px[start + i * step + c] = (byte) ((sum + window / 2) / window);
        sum += (line[clamp(i + radius + 1, n) * channels + c] & 0xff) - (line[clamp(i - radius, n) * channels + c] & 0xff);
      }
    }
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : (i >= n ? n - 1 : i);
  }
}
