package io.zeroprint.effects.segment;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.image.RgbImage;
import io.zeroprint.image.TransparentPixels;

/** What the person mask is used for: a blurred background behind the person, or a cut-out. */
public final class Composite {
  private static final int BYTE_MAX = 255;

  private Composite() {}

  /** Portrait: the background blurred by {@code radius}, the person kept sharp, blended by the mask. */
  public static RgbImage portrait(BufferStore store, RgbImage src, byte[] mask, int radius) {
    int n = src.width() * src.height();
    ByteLease out = store.leaseBytes(n * RgbImage.CHANNELS);
    try {
      byte[] bg = out.bytes();
      System.arraycopy(src.bytes(), 0, bg, 0, bg.length);
      BoxBlur.blur(store, bg, src.width(), src.height(), RgbImage.CHANNELS, radius);
      byte[] fg = src.bytes();
      for (int i = 0; i < n; i++) {
        int m = mask[i] & 0xff;
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
          int k = i * RgbImage.CHANNELS + c;
          bg[k] = (byte) (((fg[k] & 0xff) * m + (bg[k] & 0xff) * (BYTE_MAX - m) + BYTE_MAX / 2) / BYTE_MAX);
        }
      }
      return new RgbImage(src.width(), src.height(), out, src.copyAlpha(store));
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /**
   * Cut-out: the mask as alpha (combined with any alpha the photo had) over the person's pixels only:
   * where the mask is not fully opaque, the colour of the nearest fully opaque pixel.
   */
  public static RgbImage cutout(BufferStore store, RgbImage src, byte[] mask) {
    int n = src.width() * src.height();
    ByteLease px = store.leaseBytes(n * RgbImage.CHANNELS);
    ByteLease alpha;
    try {
      alpha = store.leaseBytes(n);
    } catch (RuntimeException e) {
      px.close();
      throw e;
    }
    System.arraycopy(src.bytes(), 0, px.bytes(), 0, px.bytes().length);
    byte[] a = alpha.bytes();
    byte[] old = src.alpha();
    int opaque = 0;
    for (int i = 0; i < n; i++) {
      int m = mask[i] & 0xff;
      a[i] = (byte) (old == null ? m : (m * (old[i] & 0xff) + BYTE_MAX / 2) / BYTE_MAX);
      opaque = Math.max(opaque, a[i] & 0xff);
    }
    try {
      // The background must not survive under the alpha: an edge pixel's colour is a blend of person
      // and background, so it takes the person's colour nearest to it; the rest is black.
      TransparentPixels.fillFromNearest(px.bytes(), a, src.width(), src.height(), Math.max(1, opaque), store);
      TransparentPixels.clearFullyTransparent(px.bytes(), a);
    } catch (RuntimeException e) {
      px.close();
      alpha.close();
      throw e;
    }
    return new RgbImage(src.width(), src.height(), px, alpha);
  }
}
