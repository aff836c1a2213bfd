package io.zeroprint.model;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.image.RgbImage;

/**
 * ESRGAN's tiling: tiles overlap by the model's tile context — its receptive radius, so each tile's
 * core sees exactly the context it would see in a single pass and the stitched result equals the
 * untiled one; for ESRGAN-thick a measured part of its very large radius.
 */
public final class Tiler {
  private static final int MIN_CORE = 16;

  private final BufferStore store;
  private final int tileOutputSide;

  public Tiler(BufferStore store, int tileOutputSide) {
    this.store = store;
    this.tileOutputSide = tileOutputSide;
  }

  /** Tile core side (input pixels) for a model: output tiles stay within {@code tileOutputSide}. */
  public int coreSide(Upscaler model) {
    int r = model.manifest().tileContext();
    return Math.max(MIN_CORE, tileOutputSide / model.scale() - 2 * r);
  }

  /**
   * Upscales {@code src} (not closed here). {@code progress} runs before each tile and may throw to
   * stop; whatever was allocated is released either way.
   */
  public RgbImage run(Upscaler model, RgbImage src, TiledModel.Progress progress) {
    return new TiledModel(model.graph(), store).run(src, coreSide(model), model.manifest().tileContext(),
        progress);
  }
}
