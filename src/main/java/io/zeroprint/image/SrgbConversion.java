package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * A decoder's image → 8-bit sRGB {@link RgbImage}, the way libpng/libjpeg and a colour-managed viewer
 * show it. The JDK tags untagged grey images with its linear grey space, so {@code getRGB} would
 * brighten them (a mid grey 128 becomes 188); the samples of an untagged image are sRGB values,
 * whatever their colour space says, and are only rescaled to 8 bits (16-bit rounded, as libpng's
 * {@code png_set_scale_16}). Only an embedded ICC profile goes through colour conversion.
 */
final class SrgbConversion {
  private static final int BYTE_MAX = 255;
  private static final int OPAQUE = 0xff;

  private SrgbConversion() {}

  static RgbImage toRgb(BufferedImage img, BufferStore store) {
    int w = img.getWidth();
    int h = img.getHeight();
    int pixels = Math.multiplyExact(w, h);
    ByteLease lease = store.leaseBytes(Math.multiplyExact(pixels, RgbImage.CHANNELS));
    ByteLease alpha = null;
    try {
      alpha = img.getColorModel().hasAlpha() ? store.leaseBytes(pixels) : null;
      if (samplesAreSrgb(img.getColorModel())) {
        fromSamples(img, lease.bytes(), alpha == null ? null : alpha.bytes());
      } else {
        fromArgb(img, lease.bytes(), alpha == null ? null : alpha.bytes());
      }
      if (alpha != null && opaque(alpha.bytes())) {
        alpha.close(); // an alpha channel that is opaque everywhere is no alpha at all
        alpha = null;
      }
      return new RgbImage(w, h, lease, alpha);
    } catch (RuntimeException e) {
      lease.close();
      if (alpha != null) {
        alpha.close();
      }
      throw e;
    }
  }

  /**
   * True for sRGB and for the JDK's own grey (what the readers use when the file has no profile);
   * false for a palette (its getRGB is exact already) and for an embedded profile's space.
   */
  private static boolean samplesAreSrgb(ColorModel cm) {
    if (cm instanceof IndexColorModel || cm.isAlphaPremultiplied()) {
      return false;
    }
    ColorSpace cs = cm.getColorSpace();
    return cs.isCS_sRGB() || cs == ColorSpace.getInstance(ColorSpace.CS_GRAY);
  }

  private static void fromSamples(BufferedImage img, byte[] out, byte[] alpha) {
    ColorModel cm = img.getColorModel();
    Raster raster = img.getRaster();
    int w = img.getWidth();
    int bands = raster.getNumBands();
    int colours = cm.getNumColorComponents();
    int[] max = new int[bands];
    for (int b = 0; b < bands; b++) {
      max[b] = (1 << cm.getComponentSize(b)) - 1;
    }
    int[] row = new int[w * bands];
    try {
      for (int y = 0; y < img.getHeight(); y++) {
        raster.getPixels(0, y, w, 1, row);
        int o = y * w * RgbImage.CHANNELS;
        for (int x = 0, s = 0; x < w; x++, s += bands) {
          for (int c = 0; c < RgbImage.CHANNELS; c++) {
            int band = colours == 1 ? 0 : c;
            out[o++] = (byte) to8(row[s + band], max[band]);
          }
          if (alpha != null) {
            alpha[y * w + x] = (byte) to8(row[s + colours], max[colours]);
          }
        }
      }
    } finally {
      Arrays.fill(row, 0);
    }
  }

  private static int to8(int sample, int max) {
    return max == BYTE_MAX ? sample : (int) (((long) sample * BYTE_MAX + max / 2) / max);
  }

  /** Through the colour model: a palette, or an embedded ICC profile converted to sRGB. */
  private static void fromArgb(BufferedImage img, byte[] out, byte[] alpha) {
    int w = img.getWidth();
    int[] row = new int[w];
    try {
      for (int y = 0; y < img.getHeight(); y++) {
        img.getRGB(0, y, w, 1, row, 0, w);
        int o = y * w * RgbImage.CHANNELS;
        for (int x = 0; x < w; x++) {
          int argb = row[x];
          out[o++] = (byte) (argb >> 16);
          out[o++] = (byte) (argb >> 8);
          out[o++] = (byte) argb;
          if (alpha != null) {
            alpha[y * w + x] = (byte) (argb >>> 24);
          }
        }
      }
    } finally {
      Arrays.fill(row, 0);
    }
  }

  private static boolean opaque(byte[] alpha) {
    for (byte a : alpha) {
      if ((a & BYTE_MAX) != OPAQUE) {
        return false;
      }
    }
    return true;
  }
}
