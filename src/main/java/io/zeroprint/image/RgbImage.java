package io.zeroprint.image;

import io.zeroprint.buffer.ByteLease;

/**
 * Decoded pixels: interleaved 8-bit sRGB, row-major, plus an optional alpha plane for images with
 * transparency, each in a budgeted lease zeroed on close. The only pixel representation stages
 * pass to each other.
 */
public final class RgbImage implements AutoCloseable {
  public static final int CHANNELS = 3;

  private final int width;
  private final int height;
  private final ByteLease pixels;
  private final ByteLease alpha;

  public RgbImage(int width, int height, ByteLease pixels) {
    this(width, height, pixels, null);
  }

  /** @param alpha one byte per pixel (255 = opaque), or null for an opaque image */
  public RgbImage(int width, int height, ByteLease pixels, ByteLease alpha) {
    long n = (long) width * height;
    if (pixels.bytes().length != n * CHANNELS || (alpha != null && alpha.bytes().length != n)) {
      throw new IllegalArgumentException("lease sizes do not match " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.pixels = pixels;
    this.alpha = alpha;
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

  public boolean hasAlpha() {
    return alpha != null;
  }

  /** The alpha plane, or null when the image is opaque. */
  public byte[] alpha() {
    return alpha == null ? null : alpha.bytes();
  }

  /** A copy of the alpha plane in a new lease (for a derived image of the same size), or null if opaque. */
  public ByteLease copyAlpha(io.zeroprint.buffer.BufferStore store) {
    if (alpha == null) {
      return null;
    }
    ByteLease copy = store.leaseBytes(alpha.bytes().length);
    System.arraycopy(alpha.bytes(), 0, copy.bytes(), 0, copy.bytes().length);
    return copy;
  }

  @Override
  public void close() {
    pixels.close();
    if (alpha != null) {
      alpha.close();
    }
  }
}
