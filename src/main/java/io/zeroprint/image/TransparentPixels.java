package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What the colour under transparency may be. A fully transparent pixel still has an RGB value that
 * any PNG tool shows once alpha is dropped, so it must hold nothing of the photo; a cut-out's
 * semi-transparent edge is a blend of person and background, so its colour is replaced by an
 * estimate of the person's alone. Both take the colour of the nearest pixel that is kept as it is.
 */
public final class TransparentPixels {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
  private static final int NONE = -1;
  private static final int BYTE_MAX = 0xff;
  private static final int[][] FORWARD = {{-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
  private static final int[][] BACKWARD = {{1, 0}, {1, 1}, {0, 1}, {-1, 1}};
  private static final int[][] RIGHT = {{1, 0}};
  private static final int[][] LEFT = {{-1, 0}};

  private TransparentPixels() {}

  /** RGB 0 wherever alpha is 0: nothing to see, nothing to recover. */
  public static void clearFullyTransparent(byte[] rgb, byte[] alpha) {
    for (int i = 0; i < alpha.length; i++) {
      if (alpha[i] == 0) {
        int o = i * RgbImage.CHANNELS;
        rgb[o] = 0;
        rgb[o + 1] = 0;
        rgb[o + 2] = 0;
      }
    }
  }

  /**
   * Every pixel whose alpha is below {@code keepFrom} takes the colour of the nearest pixel whose
   * alpha is at least that (Euclidean distance, to within a pixel: two chamfer passes that carry the
   * nearest kept pixel along), or black if there is none.
   */
  public static void fillFromNearest(byte[] rgb, byte[] alpha, int w, int h, int keepFrom, BufferStore store) {
    int n = alpha.length;
    try (ByteLease lease = store.leaseBytes(Math.multiplyExact(n, Integer.BYTES))) {
      byte[] nearest = lease.bytes();
      for (int i = 0; i < n; i++) {
        INT.set(nearest, i * Integer.BYTES, (alpha[i] & BYTE_MAX) >= keepFrom ? i : NONE);
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          relax(nearest, w, h, x, y, FORWARD);
        }
        for (int x = w - 1; x >= 0; x--) {
          relax(nearest, w, h, x, y, RIGHT);
        }
      }
      for (int y = h - 1; y >= 0; y--) {
        for (int x = w - 1; x >= 0; x--) {
          relax(nearest, w, h, x, y, BACKWARD);
        }
        for (int x = 0; x < w; x++) {
          relax(nearest, w, h, x, y, LEFT);
        }
      }
      for (int i = 0; i < n; i++) {
        if ((alpha[i] & BYTE_MAX) < keepFrom) {
          int from = (int) INT.get(nearest, i * Integer.BYTES);
          for (int c = 0; c < RgbImage.CHANNELS; c++) {
            rgb[i * RgbImage.CHANNELS + c] = from == NONE ? 0 : rgb[from * RgbImage.CHANNELS + c];
          }
        }
      }
    }
  }

  /** Takes a neighbour's nearest kept pixel if it is nearer to (x, y) than this pixel's own. */
  private static void relax(byte[] nearest, int w, int h, int x, int y, int[][] neighbours) {
    int at = (y * w + x) * Integer.BYTES;
    int best = (int) INT.get(nearest, at);
    long bestDistance = distance(best, w, x, y);
    for (int[] d : neighbours) {
      int nx = x + d[0];
      int ny = y + d[1];
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
        continue;
      }
      int candidate = (int) INT.get(nearest, (ny * w + nx) * Integer.BYTES);
      long cd = distance(candidate, w, x, y);
      if (cd < bestDistance) {
        best = candidate;
        bestDistance = cd;
      }
    }
    INT.set(nearest, at, best);
  }

  private static long distance(int index, int w, int x, int y) {
    if (index == NONE) {
      return Long.MAX_VALUE;
    }
    long dx = index % w - x;
    long dy = index / w - y;
    return dx * dx + dy * dy;
  }
}
