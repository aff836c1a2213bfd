package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;

/**
 * Applies an EXIF orientation (1..8) to pixels, so the result looks as the camera meant it and can
 * drop the EXIF block. Orientation 1 returns the same image; others return a new one and close the old.
 */
final class Orientation {
  private static final int AS_STORED = 1;

  private Orientation() {}

  static RgbImage apply(RgbImage src, int orientation, BufferStore store) {
    if (orientation == AS_STORED) {
      return src;
    }
    int w = src.width();
    int h = src.height();
    boolean transpose = orientation >= 5;
    int ow = transpose ? h : w;
    int oh = transpose ? w : h;
    RgbImage out = new RgbImage(ow, oh, store.leaseBytes(src.bytes().length));
    byte[] s = src.bytes();
    byte[] d = out.bytes();
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
        System.arraycopy(s, (sy * w + sx) * RgbImage.CHANNELS, d, (y * ow + x) * RgbImage.CHANNELS, RgbImage.CHANNELS);
      }
    }
    src.close();
    return out;
  }
}
