package io.zeroprint.image;

import io.zeroprint.buffer.ByteLease;

/**
 * Decoded pixels: interleaved 8-bit sRGB, row-major, held in a budgeted lease that is zeroed on
 * close. The only pixel representation stages pass to each other.
 */
public final class RgbImage implements AutoCloseable {
  public static final int CHANNELS = 3;

  private final int width;
  private final int height;
  private final ByteLease pixels;

  public RgbImage(int width, int height, ByteLease pixels) {
    if (pixels.bytes().length != (long) width * height * CHANNELS) {
      throw new IllegalArgumentException("lease size does not match " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.pixels = pixels;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public byte[] bytes() {
    return pixels.bytes();
  }

  @Override
  public void close() {
    pixels.close();
  }
}
