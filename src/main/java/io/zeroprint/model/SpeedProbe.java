package io.zeroprint.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times each upscaling model on one blank tile of the size jobs use, so the server can estimate a
 * job before it has run one. The first run at a new shape pays for its set-up, so the tile is run
 * twice and the second run is timed. The result is per megapixel of the image (a tile's core), not
 * of the tile, which also counts the overlap every tile repeats. Blocks: call it from a worker thread.
 */
public final class SpeedProbe {
  private static final int RUNS = 2;

  private SpeedProbe() {}

  /** Milliseconds per megapixel of input, by model name. */
  public static Map<String, Double> upscalers(ModelRegistry models, Tiler tiler) {
    Map<String, Double> speeds = new LinkedHashMap<>();
    for (ModelManifest m : models.manifests()) {
      models.upscaler(m.name()).ifPresent(u -> speeds.put(m.name(), time(u, tiler.coreSide(u))));
    }
    return speeds;
  }

  private static double time(Upscaler u, int core) {
    ModelManifest m = u.manifest();
    int multiple = Math.max(1, m.sizeMultiple());
    int side = (core + 2 * m.tileContext() + multiple - 1) / multiple * multiple;
    float[] in = new float[side * side * 3];
    Map<String, float[]> out = Map.of(m.outputName(), new float[side * side * 3 * m.scale() * m.scale()]);
    long nanos = 0;
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      u.graph().run(in, side, side, 3, out);
      nanos = System.nanoTime() - start;
    }
    return nanos / 1e6 / ((double) core * core / 1e6);
  }
}
