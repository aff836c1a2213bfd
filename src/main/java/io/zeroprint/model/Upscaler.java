package io.zeroprint.model;

import java.util.Map;

/** A super-resolution model: one RGB tile in, the tile {@code scale} times larger out. */
public final class Upscaler implements AutoCloseable {
  private final GraphModel model;

  Upscaler(GraphModel model) {
    this.model = model;
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
