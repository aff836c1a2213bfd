package io.zeroprint.image;

/**
 * PNG row filters (8-bit samples). {@link #ADAPTIVE} picks, per row, the filter whose output has the
 * smallest sum of absolute signed bytes (the heuristic the PNG specification suggests and libpng
 * uses): that output usually deflates best.
 */
public enum PngFilter {
  NONE(0), SUB(1), UP(2), AVERAGE(3), PAETH(4), ADAPTIVE(-1);

  private static final int BYTE_MAX = 0xff;
  private static final PngFilter[] TRIED = {NONE, SUB, UP, AVERAGE, PAETH};

  private final int type;

  PngFilter(int type) {
    this.type = type;
  }

  /**
   * Writes row {@code y} of {@code px} filtered (its filter type byte first) at {@code dst[off]};
   * returns the number of bytes written, {@code stride + 1}.
   */
  int filterRow(byte[] px, int y, int stride, int bpp, byte[] dst, int off) {
    int row = y * stride;
    int prev = y == 0 ? -1 : row - stride;
    PngFilter f = this;
    if (this == ADAPTIVE) {
      long best = Long.MAX_VALUE;
      for (PngFilter t : TRIED) {
        long cost = t.cost(px, row, prev, stride, bpp, best);
        if (cost < best) {
          best = cost;
          f = t;
        }
      }
    }
    dst[off] = (byte) f.type;
    f.apply(px, row, prev, stride, bpp, dst, off + 1);
    return stride + 1;
  }

  private void apply(byte[] px, int row, int prev, int stride, int bpp, byte[] dst, int off) {
    run(px, row, prev, stride, bpp, dst, off, Long.MAX_VALUE);
  }

  /** Sum of |filtered byte as signed|; stops counting once past {@code bound}, a cheaper filter being known. */
  private long cost(byte[] px, int row, int prev, int stride, int bpp, long bound) {
    return run(px, row, prev, stride, bpp, null, 0, bound);
  }

  /**
   * One loop per filter (the choice is made once per row, not per byte): writes the filtered row
   * into {@code dst}, or with {@code dst} null only sums the absolute filtered values up to {@code bound}.
   */
  private long run(byte[] px, int row, int prev, int stride, int bpp, byte[] dst, int off, long bound) {
    PngFilter f = this;
    if (prev < 0) { // above the first row is a row of zeros
      f = this == UP ? NONE : this == PAETH ? SUB : this;
    }
    long sum = 0;
    for (int i = 0; i < stride; i++) {
      int x = px[row + i];
      int v;
      switch (f) {
        case SUB -> v = i < bpp ? x : x - px[row + i - bpp];
        case UP -> v = x - px[prev + i];
        case AVERAGE -> {
          int a = i < bpp ? 0 : px[row + i - bpp] & BYTE_MAX;
          int b = prev < 0 ? 0 : px[prev + i] & BYTE_MAX;
          v = x - ((a + b) >>> 1);
        }
        case PAETH -> v = i < bpp ? x - px[prev + i]
            : x - paeth(px[row + i - bpp] & BYTE_MAX, px[prev + i] & BYTE_MAX, px[prev + i - bpp] & BYTE_MAX);
        default -> v = x;
      }
      if (dst != null) {
        dst[off + i] = (byte) v;
      } else {
        sum += Math.abs((byte) v);
        if (sum >= bound) {
          return sum;
        }
      }
    }
    return sum;
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }
}
