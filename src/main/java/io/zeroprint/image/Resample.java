package io.zeroprint.image;

/**
 * Bilinear sampling of 8-bit RGB pixels into model input floats ({@code v·scale + offset}), in the
 * two ways the face and segmentation models were fed in TF.js: a whole-image resize
 * ({@code tf.image.resizeBilinear}, corners not aligned, no half-pixel shift) and a box crop
 * ({@code tf.image.cropAndResize}: outside the image reads as 0 before scaling).
 */
public final class Resample {
  private Resample() {}

  /** The whole image stretched to {@code outW×outH}. */
  public static void resize(RgbImage src, int outW, int outH, float[] dst, float scale, float offset) {
    float sy = (float) src.height() / outH;
    float sx = (float) src.width() / outW;
    int i = 0;
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
          dst[i++] = sample(src, y * sy, x * sx, c) * scale + offset;
        }
      }
    }
  }

  /** The box {@code (x1, y1)–(x2, y2)} (pixels, may reach outside the image) sampled to {@code side×side}. */
  public static void crop(RgbImage src, float x1, float y1, float x2, float y2, int side, float[] dst, float scale,
      float offset) {
    int w = src.width();
    int h = src.height();
    // cropAndResize maps the normalised box onto [0, size-1]
    float ty = y1 / h * (h - 1);
    float tx = x1 / w * (w - 1);
    float stepY = (y2 - y1) / h * (h - 1) / (side - 1);
    float stepX = (x2 - x1) / w * (w - 1) / (side - 1);
    int i = 0;
    for (int y = 0; y < side; y++) {
      float inY = ty + y * stepY;
      for (int x = 0; x < side; x++) {
        float inX = tx + x * stepX;
        boolean outside = inY < 0 || inY > h - 1 || inX < 0 || inX > w - 1;
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
          dst[i++] = (outside ? 0f : sample(src, inY, inX, c)) * scale + offset;
        }
      }
    }
  }

  /** A one-channel float plane ({@code mw×mh}) resized to {@code w×h} bytes, {@code v·255} clamped. */
  public static void planeToBytes(float[] plane, int mw, int mh, int w, int h, byte[] dst) {
    float sy = (float) mh / h;
    float sx = (float) mw / w;
    for (int y = 0; y < h; y++) {
      float fy = Math.min(mh - 1, (y + 0.5f) * sy - 0.5f);
      int y0 = Math.max(0, (int) Math.floor(fy));
      int y1 = Math.min(mh - 1, y0 + 1);
      float dy = Math.max(0, fy - y0);
      for (int x = 0; x < w; x++) {
        float fx = Math.min(mw - 1, (x + 0.5f) * sx - 0.5f);
        int x0 = Math.max(0, (int) Math.floor(fx));
        int x1 = Math.min(mw - 1, x0 + 1);
        float dx = Math.max(0, fx - x0);
        float top = plane[y0 * mw + x0] + (plane[y0 * mw + x1] - plane[y0 * mw + x0]) * dx;
        float bottom = plane[y1 * mw + x0] + (plane[y1 * mw + x1] - plane[y1 * mw + x0]) * dx;
        float v = top + (bottom - top) * dy;
        dst[y * w + x] = (byte) Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
      }
    }
  }

  private static float sample(RgbImage src, float fy, float fx, int c) {
    byte[] px = src.bytes();
    int w = src.width();
    int y0 = Math.max(0, (int) Math.floor(fy));
    int x0 = Math.max(0, (int) Math.floor(fx));
    int y1 = Math.min(src.height() - 1, (int) Math.ceil(fy));
    int x1 = Math.min(w - 1, (int) Math.ceil(fx));
    float dy = fy - y0;
    float dx = fx - x0;
    float tl = px[(y0 * w + x0) * 3 + c] & 0xff;
    float tr = px[(y0 * w + x1) * 3 + c] & 0xff;
    float bl = px[(y1 * w + x0) * 3 + c] & 0xff;
    float br = px[(y1 * w + x1) * 3 + c] & 0xff;
    float top = tl + (tr - tl) * dx;
    float bottom = bl + (br - bl) * dx;
    return top + (bottom - top) * dy;
  }
}
