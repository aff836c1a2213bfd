package io.zeroprint.model;

import java.util.Map;

/** A super-resolution model: one RGB tile in, the tile {@code scale} times larger out. */
public final class Upscaler implements AutoCloseable {
  private final GraphModel model;
  private final int tileSide;

  Upscaler(GraphModel model, int tileSide) {
    this.model = model;
    this.tileSide = tileSide;
  }

  /** Input side of a full tile: every tile of an image at least this large in both directions has it. */
  public int tileSide() {
    return tileSide;
  }

  public ModelManifest manifest() {
    return model.manifest();
  }

  GraphModel graph() {
    return model;
  }

  public int scale() {
    return model.manifest().scale();
  }

  /**
   * Runs the model on one RGB tile.
   *
   * @param in  {@code h·w·3} values in the model's input range
   * @param out receives {@code (h·s)·(w·s)·3} raw output values
   */
  public void run(float[] in, int h, int w, float[] out) {
    model.run(in, h, w, 3, Map.of(manifest().outputName(), out));
  }

  @Override
  public void close() {
    model.close();
  }
}
