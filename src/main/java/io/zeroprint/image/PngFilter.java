package io.zeroprint.image;

/**
 * PNG row filters (8-bit samples). {@link #ADAPTIVE} filters each row every way and keeps the output
 * with the smallest sum of absolute signed bytes (the heuristic the PNG specification suggests and
 * libpng uses): that output usually deflates best.
 */
public enum PngFilter {
  NONE(0), SUB(1), UP(2), AVERAGE(3), PAETH(4), ADAPTIVE(-1);

  private static final int BYTE_MAX = 0xff;
  private static final PngFilter[] TRIED = {NONE, SUB, UP, AVERAGE, PAETH};

  private final int type;

  PngFilter(int type) {
    this.type = type;
  }

  /** Bytes of scratch {@link #filterRow} needs for rows of {@code stride} bytes (a lease the caller zeroes). */
  int scratchBytes(int stride) {
    return this == ADAPTIVE ? TRIED.length * stride : 0;
  }

  /**
   * Writes row {@code y} of {@code px} filtered (its filter type byte first) at {@code dst[off]};
   * returns the number of bytes written, {@code stride + 1}.
   */
  int filterRow(byte[] px, int y, int stride, int bpp, byte[] dst, int off, byte[] scratch) {
    int row = y * stride;
    int prev = y == 0 ? -1 : row - stride;
    if (this != ADAPTIVE) {
      dst[off] = (byte) type;
      apply(px, row, prev, stride, bpp, dst, off + 1);
      return stride + 1;
    }
    int best = 0;
    long bestCost = Long.MAX_VALUE;
    for (int t = 0; t < TRIED.length; t++) {
      TRIED[t].apply(px, row, prev, stride, bpp, scratch, t * stride);
      long cost = sumAbs(scratch, t * stride, stride);
      if (cost < bestCost) {
        bestCost = cost;
        best = t;
      }
    }
    dst[off] = (byte) best;
    System.arraycopy(scratch, best * stride, dst, off + 1, stride);
    return stride + 1;
  }

  private static long sumAbs(byte[] b, int off, int len) {
    long sum = 0;
    for (int i = off; i < off + len; i++) {
      sum += Math.abs(b[i]);
    }
    return sum;
  }

  /** One plain loop per filter, the first pixel (no left neighbour) apart. */
  private void apply(byte[] px, int row, int prev, int stride, int bpp, byte[] dst, int off) {
    PngFilter f = this;
    if (prev < 0) { // above the first row is a row of zeros
      f = this == UP ? NONE : this == PAETH ? SUB : this;
    }
    int first = Math.min(bpp, stride);
    switch (f) {
      case SUB -> {
        System.arraycopy(px, row, dst, off, first);
        for (int i = first; i < stride; i++) {
          dst[off + i] = (byte) (px[row + i] - px[row + i - bpp]);
        }
      }
      case UP -> {
        for (int i = 0; i < stride; i++) {
          dst[off + i] = (byte) (px[row + i] - px[prev + i]);
        }
      }
      case AVERAGE -> {
        if (prev < 0) {
          System.arraycopy(px, row, dst, off, first);
          for (int i = first; i < stride; i++) {
            dst[off + i] = (byte) (px[row + i] - ((px[row + i - bpp] & BYTE_MAX) >>> 1));
          }
        } else {
          for (int i = 0; i < first; i++) {
            dst[off + i] = (byte) (px[row + i] - ((px[prev + i] & BYTE_MAX) >>> 1));
          }
          for (int i = first; i < stride; i++) {
            dst[off + i] = (byte) (px[row + i] - (((px[row + i - bpp] & BYTE_MAX) + (px[prev + i] & BYTE_MAX)) >>> 1));
          }
        }
      }
      case PAETH -> {
        for (int i = 0; i < first; i++) {
          dst[off + i] = (byte) (px[row + i] - px[prev + i]);
        }
        for (int i = first; i < stride; i++) {
          dst[off + i] = (byte) (px[row + i]
              - paeth(px[row + i - bpp] & BYTE_MAX, px[prev + i] & BYTE_MAX, px[prev + i - bpp] & BYTE_MAX));
        }
      }
      default -> System.arraycopy(px, row, dst, off, stride);
    }
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }
}
