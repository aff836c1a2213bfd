package io.zeroprint.model;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.image.RgbImage;

/**
 * ESRGAN's tiling: tiles overlap by the model's tile context — its receptive radius, so each tile's
 * core sees exactly the context it would see in a single pass and the stitched result equals the
 * untiled one; for ESRGAN-thick a measured part of its very large radius. A tile cut short by the
 * image's far edges slides inward to the full size when running it on the model's compiled session
 * costs less than the short one on the plain session (see {@link TileGrid}).
 */
public final class Tiler {
  private static final int MIN_CORE = 16;
  /** The compiled session's speed over the plain one, the low end of what was measured here (1.26–1.43×). */
  private static final double COMPILED_GAIN = 1.25;

  private final BufferStore store;
  private final int tileOutputSide;

  public Tiler(BufferStore store, int tileOutputSide) {
    this.store = store;
    this.tileOutputSide = tileOutputSide;
  }

  /**
   * Input side of a full tile: {@code tileSide}, or less where {@code tileOutputSide} bounds the
   * tile's output.
   */
  public static int windowSide(int tileSide, int tileOutputSide, int scale) {
    return Math.min(tileSide, tileOutputSide / scale);
  }

  /** Tile core side (input pixels) for a model: the full tile less the context on both sides. */
  public int coreSide(Upscaler model) {
    int r = model.manifest().tileContext();
    return Math.max(MIN_CORE, Math.min(model.tileSide(), tileOutputSide / model.scale()) - 2 * r);
  }

  /**
   * Upscales {@code src} (not closed here). {@code progress} runs before each tile and may throw to
   * stop; whatever was allocated is released either way.
   */
  public RgbImage run(Upscaler model, RgbImage src, TiledModel.Progress progress) {
    double gain = model.graph().compiledShape().isPresent() ? COMPILED_GAIN : 0;
    int context = model.manifest().tileContext();
    int core = coreSide(model);
    if (src.width() <= core + 2 * context && src.height() <= core + 2 * context) {
      // fits one tile's window: one run over the whole image, which needs no context past its own edges
      core = Math.max(src.width(), src.height());
    }
    return new TiledModel(model.graph(), store).run(src, core, context, gain, progress);
  }
}
