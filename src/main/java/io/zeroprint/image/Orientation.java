package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;

/**
 * Applies an EXIF orientation (1..8) to pixels, so the result looks as the camera meant it and can
 * drop the EXIF block. Orientation 1 returns the same image; others return a new one and close the old.
 */
final class Orientation {
  private static final int AS_STORED = 1;
  private static final int TRANSPOSED_FROM = 5;

  private Orientation() {}

  static RgbImage apply(RgbImage src, int orientation, BufferStore store) {
    if (orientation == AS_STORED) {
      return src;
    }
    boolean transpose = orientation >= TRANSPOSED_FROM;
    int ow = transpose ? src.height() : src.width();
    int oh = transpose ? src.width() : src.height();
    ByteLease rgb = store.leaseBytes(src.bytes().length);
    ByteLease alpha = src.hasAlpha() ? store.leaseBytes(src.alpha().length) : null;
    RgbImage out = new RgbImage(ow, oh, rgb, alpha);
    transform(src.bytes(), rgb.bytes(), RgbImage.CHANNELS, src.width(), src.height(), orientation);
    if (alpha != null) {
      transform(src.alpha(), alpha.bytes(), 1, src.width(), src.height(), orientation);
    }
    src.close();
    return out;
  }

  private static void transform(byte[] s, byte[] d, int channels, int w, int h, int orientation) {
    boolean transpose = orientation >= TRANSPOSED_FROM;
    int ow = transpose ? h : w;
    int oh = transpose ? w : h;
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; }
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
          case 4 -> { sx = x; sy = h - 1 - y; }
          case 5 -> { sx = y; sy = x; }
          case 6 -> { sx = y; sy = h - 1 - x; }
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
          case 8 -> { sx = w - 1 - y; sy = x; }
          default -> throw new IllegalArgumentException("orientation " + orientation);
        }
        System.arraycopy(s, (sy * w + sx) * channels, d, (y * ow + x) * channels, channels);
      }
    }
  }
}
