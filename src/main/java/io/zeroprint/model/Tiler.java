package io.zeroprint.model;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.FloatLease;
import io.zeroprint.image.AlphaScaler;
import io.zeroprint.image.RgbImage;

/**
 * Runs a model over an image of any size in bounded memory: the image is cut into tiles that
 * overlap by the model's receptive radius, so each tile's core sees exactly the context it would
 * see in a single pass and the stitched result equals the untiled one.
 */
public final class Tiler {
  private static final int MIN_CORE = 16;
  private static final float BYTE_MAX = 255f;

  private final BufferStore store;
  private final int tileOutputSide;

  public Tiler(BufferStore store, int tileOutputSide) {
    this.store = store;
    this.tileOutputSide = tileOutputSide;
  }

  /** Tile core side (input pixels) for a model: output tiles stay within {@code tileOutputSide}. */
  public int coreSide(Upscaler model) {
    int r = model.manifest().receptiveRadius();
    return Math.max(MIN_CORE, tileOutputSide / model.scale() - 2 * r);
  }

  /** Told before each tile how many are done; may throw to stop the run. */
  @FunctionalInterface
  public interface Progress {
    void tiles(int done, int total);
  }

  /**
   * Upscales {@code src} (not closed here). {@code progress} runs before each tile and may throw to
   * stop; whatever was allocated is released either way.
   */
  public RgbImage run(Upscaler model, RgbImage src, Progress progress) {
    int s = model.scale();
    int r = model.manifest().receptiveRadius();
    int core = coreSide(model);
    int maxTile = core + 2 * r;
    float inScale = model.manifest().inputMax() / BYTE_MAX;
    float outMax = model.manifest().outputMax();
    RgbImage out = new RgbImage(src.width() * s, src.height() * s,
        store.leaseBytes(Math.multiplyExact(src.bytes().length, s * s)),
        src.hasAlpha() ? store.leaseBytes(Math.multiplyExact(src.alpha().length, s * s)) : null);
    int total = ceilDiv(src.width(), core) * ceilDiv(src.height(), core);
    int done = 0;
    try (FloatLease in = store.leaseFloats(maxTile * maxTile * 3);
         FloatLease res = store.leaseFloats(maxTile * maxTile * s * s * 3)) {
      for (int y0 = 0; y0 < src.height(); y0 += core) {
        for (int x0 = 0; x0 < src.width(); x0 += core) {
          progress.tiles(done++, total);
          Region t = Region.around(x0, y0, core, r, src.width(), src.height());
          load(src, t, in.floats(), inScale);
          model.run(in.floats(), t.h, t.w, res.floats());
          store(res.floats(), t, s, out, BYTE_MAX / outMax, outMax);
        }
      }
      progress.tiles(done, total);
      if (src.hasAlpha()) {
        AlphaScaler.upscale(src.alpha(), src.width(), src.height(), s, out.alpha());
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static void load(RgbImage src, Region t, float[] dst, float inScale) {
    byte[] px = src.bytes();
    int i = 0;
    for (int y = t.y; y < t.y + t.h; y++) {
      int o = (y * src.width() + t.x) * 3;
      for (int k = 0; k < t.w * 3; k++) {
        dst[i++] = (px[o + k] & 0xff) * inScale;
      }
    }
  }

  /** Copies the tile's core (without the overlap) into the result, clamped and rounded to bytes. */
  private static void store(float[] res, Region t, int s, RgbImage out, float toByte, float outMax) {
    byte[] px = out.bytes();
    int resW = t.w * s;
    for (int y = t.coreY * s; y < (t.coreY + t.coreH) * s; y++) {
      int ri = (y * resW + t.coreX * s) * 3;
      int oi = (((t.y * s) + y) * out.width() + (t.x + t.coreX) * s) * 3;
      for (int k = 0; k < t.coreW * s * 3; k++) {
        float v = Math.min(outMax, Math.max(0f, res[ri + k])) * toByte;
        px[oi + k] = (byte) (int) (v + 0.5f);
      }
    }
  }

  /** A tile: padded region (x, y, w, h) in the source, and its core relative to that region. */
  private record Region(int x, int y, int w, int h, int coreX, int coreY, int coreW, int coreH) {
    static Region around(int x0, int y0, int core, int r, int width, int height) {
      int cw = Math.min(core, width - x0);
      int ch = Math.min(core, height - y0);
      int x = Math.max(0, x0 - r);
      int y = Math.max(0, y0 - r);
      int x1 = Math.min(width, x0 + cw + r);
      int y1 = Math.min(height, y0 + ch + r);
      return new Region(x, y, x1 - x, y1 - y, x0 - x, y0 - y, cw, ch);
    }
  }
}
