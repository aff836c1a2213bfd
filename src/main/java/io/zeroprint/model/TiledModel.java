package io.zeroprint.model;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.FloatLease;
import io.zeroprint.image.AlphaScaler;
import io.zeroprint.image.RgbImage;
import java.util.Map;

/**
 * A model run over an image of any size in bounded memory, one {@link TileGrid} tile at a time:
 * the tile's window (mirror-padded to the model's size multiple) is run and only its core is kept,
 * {@code scale} times larger. Every model family tiles through this loop; they differ only in core
 * side and context. Two float leases from the {@link BufferStore}, zeroed on close, serve every tile.
 */
public final class TiledModel {
  private static final float BYTE_MAX = 255f;

  private final GraphModel model;
  private final BufferStore store;

  public TiledModel(GraphModel model, BufferStore store) {
    this.model = model;
    this.store = store;
  }

  /** Told before each tile how many are done, and once more after the last; may throw to stop the run. */
  @FunctionalInterface
  public interface Progress {
    void tiles(int done, int total);
  }

  /**
   * Runs the model over {@code src} (not closed here) into a new image. Whatever was allocated is
   * released if {@code progress} or the model throws.
   */
  public RgbImage run(RgbImage src, int core, int context, Progress progress) {
    return run(src, core, context, 0, progress);
  }

  /** As {@link #run(RgbImage, int, int, Progress)}; {@code fullWindowGain} as in {@link TileGrid}. */
  public RgbImage run(RgbImage src, int core, int context, double fullWindowGain, Progress progress) {
    ModelManifest m = model.manifest();
    int s = m.scale();
    TileGrid grid = new TileGrid(src.width(), src.height(), core, context, Math.max(1, m.sizeMultiple()), fullWindowGain);
    int side = grid.maxInputSide();
    // A divisor, not a reciprocal: 1/255 is inexact in float, and v · (1/255) can differ from v / 255.
    float fromByte = BYTE_MAX / m.inputMax();
    float outMax = m.outputMax();
    float toByte = BYTE_MAX / outMax;
    RgbImage out = allocate(src, s);
    int total = grid.count();
    try (FloatLease in = store.leaseFloats(side * side * 3);
         FloatLease res = store.leaseFloats(side * side * s * s * 3)) {
      for (int i = 0; i < total; i++) {
        progress.tiles(i, total);
        TileGrid.Tile t = grid.tile(i);
        load(src, t, in.floats(), fromByte);
        model.run(in.floats(), t.inputH(), t.inputW(), 3, Map.of(m.outputName(), res.floats()));
        stitch(res.floats(), t, s, out, outMax, toByte);
      }
      progress.tiles(total, total);
      if (src.hasAlpha()) {
        scaleAlpha(src, s, out.alpha());
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private RgbImage allocate(RgbImage src, int s) {
    ByteLease pixels = store.leaseBytes(Math.multiplyExact(src.bytes().length, s * s));
    try {
      ByteLease alpha = src.hasAlpha() ? store.leaseBytes(Math.multiplyExact(src.alpha().length, s * s)) : null;
      return new RgbImage(src.width() * s, src.height() * s, pixels, alpha);
    } catch (RuntimeException e) {
      pixels.close();
      throw e;
    }
  }

  /** The models see RGB only; alpha is copied, or resized when the model upscales. */
  private static void scaleAlpha(RgbImage src, int s, byte[] dst) {
    if (s == 1) {
      System.arraycopy(src.alpha(), 0, dst, 0, dst.length);
    } else {
      AlphaScaler.upscale(src.alpha(), src.width(), src.height(), s, dst);
    }
  }

  private static void load(RgbImage src, TileGrid.Tile t, float[] dst, float fromByte) {
    byte[] px = src.bytes();
    int i = 0;
    for (int y = 0; y < t.inputH(); y++) {
      int row = t.sourceY(y) * src.width();
      for (int x = 0; x < t.inputW(); x++) {
        int o = (row + t.sourceX(x)) * 3;
        dst[i++] = (px[o] & 0xff) / fromByte;
        dst[i++] = (px[o + 1] & 0xff) / fromByte;
        dst[i++] = (px[o + 2] & 0xff) / fromByte;
      }
    }
  }

  /** Copies the tile's core (not its context or padding) into the result, clamped and rounded to bytes. */
  private static void stitch(float[] res, TileGrid.Tile t, int s, RgbImage out, float outMax, float toByte) {
    byte[] px = out.bytes();
    int resW = t.inputW() * s;
    int n = t.coreW() * s * 3;
    for (int y = t.coreY() * s; y < (t.coreY() + t.coreH()) * s; y++) {
      int ri = ((y - t.y() * s) * resW + (t.coreX() - t.x()) * s) * 3;
      int oi = (y * out.width() + t.coreX() * s) * 3;
      for (int k = 0; k < n; k++) {
        float v = Math.min(outMax, Math.max(0f, res[ri + k])) * toByte;
        px[oi + k] = (byte) (int) (v + 0.5f);
      }
    }
  }
}
