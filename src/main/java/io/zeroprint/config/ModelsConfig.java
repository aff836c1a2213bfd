package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * Where SavedModels are read from (read-only; nothing is ever written there by the server) and how
 * they are readied. Every model found is loaded once at start-up and its session reused.
 *
 * @param dir                  folder holding {@code <name>/<version>/saved_model.pb} + {@code manifest.json}
 * @param warmUp               run each model once on a blank input before reporting ready, so the
 *                             first user does not pay for graph initialisation (MAXIM: seconds)
 * @param restorationOptimizer run TensorFlow's graph optimiser on the ~43k-node MAXIM graphs; off
 *                             by default: measured here it made the first run ~5× slower (21 s vs
 *                             4 s) and later runs no faster
 * @param restorationTileSide  MAXIM runs on tiles of at most this many pixels a side (a multiple
 *                             of 64); larger tiles are faster per pixel and need more memory
 * @param restorationOverlap   context pixels each tile sees past its edges (discarded when stitching)
 * @param upscaleTileSide      ESRGAN runs on tiles of this many input pixels a side (fewer where the
 *                             image is smaller, or where {@code worker.tileOutputSide} bounds the output)
 * @param upscaleCompile       {@code startup}: full-size upscale tiles run on an XLA-compiled session,
 *                             compiled during the warm-up; {@code lazy}: compiled by the first full-size
 *                             tile; {@code off}: every tile runs on the plain session
 */
public record ModelsConfig(String dir, boolean warmUp, boolean restorationOptimizer, int restorationTileSide,
    int restorationOverlap, int upscaleTileSide, String upscaleCompile) {
  public static final String DEFAULT_DIR = "models";
  public static final boolean DEFAULT_WARM_UP = true;
  public static final boolean DEFAULT_RESTORATION_OPTIMIZER = false;
  public static final int DEFAULT_RESTORATION_TILE_SIDE = 256;
  public static final int DEFAULT_RESTORATION_OVERLAP = 32;
  public static final int DEFAULT_UPSCALE_TILE_SIDE = 256;
  public static final String COMPILE_AT_STARTUP = "startup";
  public static final String COMPILE_LAZILY = "lazy";
  public static final String COMPILE_OFF = "off";
  /** MAXIM needs sides that are multiples of this. */
  public static final int RESTORATION_MULTIPLE = 64;

  public ModelsConfig {
    Check.notBlank("models.dir", dir);
    Check.range("models.restorationTileSide", restorationTileSide, RESTORATION_MULTIPLE, 2048);
    Check.that(restorationTileSide % RESTORATION_MULTIPLE == 0, "models.restorationTileSide",
        "must be a multiple of " + RESTORATION_MULTIPLE);
    Check.range("models.restorationOverlap", restorationOverlap, 0, restorationTileSide / 4);
    Check.range("models.upscaleTileSide", upscaleTileSide, 64, 2048);
    Check.that(java.util.List.of(COMPILE_AT_STARTUP, COMPILE_LAZILY, COMPILE_OFF).contains(upscaleCompile),
        "models.upscaleCompile", "must be startup, lazy or off");
  }

  /** The restoration settings alone; upscaling as by default. */
  public ModelsConfig(String dir, boolean warmUp, boolean restorationOptimizer, int restorationTileSide,
      int restorationOverlap) {
    this(dir, warmUp, restorationOptimizer, restorationTileSide, restorationOverlap, DEFAULT_UPSCALE_TILE_SIDE,
        COMPILE_AT_STARTUP);
  }

  static JsonObject defaults() {
    return new JsonObject().put("dir", DEFAULT_DIR).put("warmUp", DEFAULT_WARM_UP)
        .put("restorationOptimizer", DEFAULT_RESTORATION_OPTIMIZER)
        .put("restorationTileSide", DEFAULT_RESTORATION_TILE_SIDE)
        .put("restorationOverlap", DEFAULT_RESTORATION_OVERLAP)
        .put("upscaleTileSide", DEFAULT_UPSCALE_TILE_SIDE).put("upscaleCompile", COMPILE_AT_STARTUP);
  }

  static ModelsConfig from(JsonObject j) {
    return new ModelsConfig(j.getString("dir"), j.getBoolean("warmUp"), j.getBoolean("restorationOptimizer"),
        j.getInteger("restorationTileSide"), j.getInteger("restorationOverlap"), j.getInteger("upscaleTileSide"),
        j.getString("upscaleCompile"));
  }
}
