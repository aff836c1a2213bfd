package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;

/**
 * Extending an image by repeating its edge pixels, and cutting a region back out: every new image is
 * in budgeted, zeroed leases (alpha included when the image has it).
 */
public final class EdgePad {
  private EdgePad() {}

  /** {@code img} with {@code pad} pixels added on every side, each a copy of the nearest edge pixel. */
  public static RgbImage pad(BufferStore store, RgbImage img, int pad) {
    int w = img.width() + 2 * pad;
    int h = img.height() + 2 * pad;
    return copy(store, img, w, h, (x, y) -> clamp(y - pad, img.height()) * img.width() + clamp(x - pad, img.width()));
  }

  /** The {@code w × h} region of {@code img} whose top-left corner is at {@code (x0, y0)}. */
  public static RgbImage crop(BufferStore store, RgbImage img, int x0, int y0, int w, int h) {
    return copy(store, img, w, h, (x, y) -> (y0 + y) * img.width() + x0 + x);
  }

  private interface Source {
    int index(int x, int y);
  }

  private static RgbImage copy(BufferStore store, RgbImage img, int w, int h, Source source) {
    int pixels = Math.multiplyExact(w, h);
    ByteLease rgb = store.leaseBytes(Math.multiplyExact(pixels, RgbImage.CHANNELS));
    ByteLease alpha = null;
    try {
      alpha = img.hasAlpha() ? store.leaseBytes(pixels) : null;
      byte[] in = img.bytes();
      byte[] out = rgb.bytes();
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int from = source.index(x, y);
          int to = y * w + x;
          System.arraycopy(in, from * RgbImage.CHANNELS, out, to * RgbImage.CHANNELS, RgbImage.CHANNELS);
          if (alpha != null) {
            alpha.bytes()[to] = img.alpha()[from];
          }
        }
      }
      return new RgbImage(w, h, rgb, alpha);
    } catch (RuntimeException e) {
      rgb.close();
      if (alpha != null) {
        alpha.close();
      }
      throw e;
    }
  }

  private static int clamp(int v, int size) {
    return Math.max(0, Math.min(size - 1, v));
  }
}
