package io.zeroprint.image;

/**
 * Resizes an alpha plane by an integer factor with bilinear interpolation (half-pixel centres, edges
 * clamped). The super-resolution models see RGB only; transparency is smooth enough for this.
 */
public final class AlphaScaler {
  private AlphaScaler() {}

  public static void upscale(byte[] src, int w, int h, int scale, byte[] dst) {
    int ow = w * scale;
    int oh = h * scale;
    for (int y = 0; y < oh; y++) {
      float fy = Math.max(0f, (y + 0.5f) / scale - 0.5f);
      int y0 = Math.min((int) fy, h - 1);
      int y1 = Math.min(y0 + 1, h - 1);
      float wy = fy - y0;
      for (int x = 0; x < ow; x++) {
        float fx = Math.max(0f, (x + 0.5f) / scale - 0.5f);
        int x0 = Math.min((int) fx, w - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        float wx = fx - x0;
        float top = (src[y0 * w + x0] & 0xff) * (1 - wx) + (src[y0 * w + x1] & 0xff) * wx;
        float bottom = (src[y1 * w + x0] & 0xff) * (1 - wx) + (src[y1 * w + x1] & 0xff) * wx;
        dst[y * ow + x] = (byte) (int) (top * (1 - wy) + bottom * wy + 0.5f);
      }
    }
  }
}
