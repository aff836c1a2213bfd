package io.zeroprint.effects.restore;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.image.RgbImage;
import io.zeroprint.model.GraphModel;
import io.zeroprint.model.TiledModel;

/**
 * A MAXIM restoration model over an image of any size: tiles of at most {@code tileSide} pixels (a
 * multiple of the model's 64) that see {@code overlap} pixels of context past each edge, discarded
 * when stitching; edge tiles are mirrored out to the multiple. MAXIM mixes information across its
 * whole input (gMLP grid/block mixing), so tiling is not exact as it is for ESRGAN; the overlap
 * keeps seams below what the eye sees. Input and output are 0..1.
 */
public final class Restorer {
  private final TiledModel tiled;
  private final int core;
  private final int overlap;

  public Restorer(GraphModel model, BufferStore store, int tileSide, int overlap) {
    this.tiled = new TiledModel(model, store);
    this.core = tileSide - 2 * overlap;
    this.overlap = overlap;
  }

  /** Restores {@code src} (not closed here) into a new image; {@code progress} may throw to stop. */
  public RgbImage run(RgbImage src, TiledModel.Progress progress) {
    return tiled.run(src, core, overlap, progress);
  }
}
