package io.zeroprint.effects.restore;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.FloatLease;
import io.zeroprint.image.RgbImage;
import io.zeroprint.model.GraphModel;
import io.zeroprint.model.Tiler;
import java.util.Map;

/**
 * A MAXIM restoration model over an image of any size: tiles of at most {@code tileSide} pixels
 * that see {@code overlap} pixels of context past each edge (discarded when stitching), each
 * mirrored out to the model's multiple of 64. MAXIM mixes information across its whole input
 * (gMLP grid/block mixing), so tiling is not exact as it is for ESRGAN; the overlap keeps seams
 * below what the eye sees. Input and output are 0..1.
 */
public final class Restorer {
  private static final float BYTE_MAX = 255f;

  private final GraphModel model;
  private final BufferStore store;
  private final int tileSide;
  private final int overlap;
  private final int multiple;

  public Restorer(GraphModel model, BufferStore store, int tileSide, int overlap) {
    this.model = model;
    this.store = store;
    this.tileSide = tileSide;
    this.overlap = overlap;
    this.multiple = Math.max(1, model.manifest().sizeMultiple());
  }

  /** Restores {@code src} (not closed here) into a new image; {@code progress} may throw to stop. */
  public RgbImage run(RgbImage src, Tiler.Progress progress) {
    int core = tileSide - 2 * overlap;
    int w = src.width();
    int h = src.height();
    RgbImage out = new RgbImage(w, h, store.leaseBytes(src.bytes().length), src.copyAlpha(store));
    int total = ceilDiv(w, core) * ceilDiv(h, core);
    int done = 0;
    int maxIn = tileSide * tileSide * 3;
    try (FloatLease in = store.leaseFloats(maxIn); FloatLease res = store.leaseFloats(maxIn)) {
      for (int y0 = 0; y0 < h; y0 += core) {
        for (int x0 = 0; x0 < w; x0 += core) {
          progress.tiles(done++, total);
          int rx = Math.max(0, x0 - overlap);
          int ry = Math.max(0, y0 - overlap);
          int rw = Math.min(w, x0 + core + overlap) - rx;
          int rh = Math.min(h, y0 + core + overlap) - ry;
          int pw = roundUp(rw);
          int ph = roundUp(rh);
          load(src, rx, ry, rw, rh, pw, ph, in.floats());
          model.run(in.floats(), ph, pw, 3, Map.of(model.manifest().outputName(), res.floats()));
          store(res.floats(), pw, rx, ry, x0, y0, Math.min(core, w - x0), Math.min(core, h - y0), out);
        }
      }
      progress.tiles(done, total);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private int roundUp(int v) {
    return ceilDiv(v, multiple) * multiple;
  }

  /** The region, mirrored at its right and bottom edges out to {@code pw×ph}. */
  private static void load(RgbImage src, int rx, int ry, int rw, int rh, int pw, int ph, float[] dst) {
    byte[] px = src.bytes();
    int i = 0;
    for (int y = 0; y < ph; y++) {
      int sy = ry + mirror(y, rh);
      for (int x = 0; x < pw; x++) {
        int o = (sy * src.width() + rx + mirror(x, rw)) * 3;
        dst[i++] = (px[o] & 0xff) / BYTE_MAX;
        dst[i++] = (px[o + 1] & 0xff) / BYTE_MAX;
        dst[i++] = (px[o + 2] & 0xff) / BYTE_MAX;
      }
    }
  }

  /** Index {@code i} reflected into {@code [0, n)} (…, n-2, n-1, n-2, …). */
  static int mirror(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int m = i % period;
    return m < n ? m : period - m;
  }

  private static void store(float[] res, int pw, int rx, int ry, int x0, int y0, int cw, int ch, RgbImage out) {
    byte[] px = out.bytes();
    for (int y = y0; y < y0 + ch; y++) {
      int ri = ((y - ry) * pw + (x0 - rx)) * 3;
      int oi = (y * out.width() + x0) * 3;
      for (int k = 0; k < cw * 3; k++) {
        float v = Math.min(1f, Math.max(0f, res[ri + k])) * BYTE_MAX;
        px[oi + k] = (byte) (int) (v + 0.5f);
      }
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
