package io.zeroprint.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.BufferConfig;
import io.zeroprint.config.ModelsConfig;
import io.zeroprint.config.WorkerConfig;
import io.zeroprint.image.ImageDecoder;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.image.RgbImage;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tiles overlap by the model's receptive radius, so a tiled run equals a single pass over the whole
 * image within 1/255 (TF may sum in a different order for different tile shapes, and full-size tiles
 * run on the XLA-compiled session, the others and the single pass on the plain one).
 */
class TilingIsInvisibleTest {
  private static final int SMALL_TILES = 128;
  private static final int ONE_TILE = 4096;
  private static final WorkerConfig WORKER = new WorkerConfig(1, 1, 2, 1, 60, 1, ONE_TILE);
  private static ModelRegistry models;
  private static ModelRegistry untiled;

  @BeforeAll
  static void loadModels() throws Exception {
    // full tiles of the default side, compiled by the first one; and a registry whose one tile is the image
    models = ModelRegistry.load(settings(ModelsConfig.DEFAULT_UPSCALE_TILE_SIDE, ModelsConfig.COMPILE_LAZILY), WORKER);
    untiled = ModelRegistry.load(settings(2048, ModelsConfig.COMPILE_OFF), WORKER);
  }

  @AfterAll
  static void closeModels() {
    models.close();
    untiled.close();
  }

  private static ModelsConfig settings(int tileSide, String compile) {
    return new ModelsConfig("models", false, false, ModelsConfig.DEFAULT_RESTORATION_TILE_SIDE,
        ModelsConfig.DEFAULT_RESTORATION_OVERLAP, tileSide, compile);
  }

  @ParameterizedTest(name = "×{0}: tiled output equals the untiled output")
  @ValueSource(ints = {2, 3, 4})
  void tiledOutputEqualsUntiledOutput(int scale) throws Exception {
    SegmentPool pool = new SegmentPool(new BufferConfig(1L << 30, 64 * 1024, 0));
    try (RgbImage src = decode(pool, "/images/chelsea.png")) {
      Upscaler model = models.upscaler("esrgan-slim-x" + scale).orElseThrow();
      Upscaler whole1 = untiled.upscaler("esrgan-slim-x" + scale).orElseThrow();
      assertTrue(model.graph().compiledShape().isPresent(), "full tiles run compiled");
      Tiler tiler = new Tiler(pool, ONE_TILE);
      Tiler small = new Tiler(pool, SMALL_TILES);
      assertTrue(small.coreSide(model) * 4 < src.width(), "the small tiling really cuts the image");
      assertTrue(tiler.coreSide(model) < src.width() && tiler.coreSide(model) < src.height(),
          "the default tiling cuts the image into full-size tiles");
      assertTrue(new Tiler(pool, ONE_TILE).coreSide(whole1) >= src.width(), "the single pass is one tile");

      try (RgbImage tiled = small.run(model, src, (done, total) -> {});
           RgbImage full = tiler.run(model, src, (done, total) -> {});
           RgbImage whole = new Tiler(pool, ONE_TILE).run(whole1, src, (done, total) -> {})) {
        assertEquals(whole.width(), full.width());
        int fullDiff = 0;
        for (int i = 0; i < whole.bytes().length; i++) {
          fullDiff = Math.max(fullDiff, Math.abs((whole.bytes()[i] & 0xff) - (full.bytes()[i] & 0xff)));
        }
        assertTrue(fullDiff <= 1, "full tiles: max difference " + fullDiff + "/255");
        assertEquals(whole.width(), tiled.width());
        int maxDiff = 0;
        for (int i = 0; i < whole.bytes().length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs((whole.bytes()[i] & 0xff) - (tiled.bytes()[i] & 0xff)));
        }
        assertTrue(maxDiff <= 1, "max difference " + maxDiff + "/255");
      }
    }
    assertEquals(0, pool.stats().inUseBytes());
  }

  private static RgbImage decode(SegmentPool pool, String resource) throws Exception {
    try (InputStream in = TilingIsInvisibleTest.class.getResourceAsStream(resource)) {
      SegmentBuffer buf = pool.open(1 << 24);
      buf.append(Unpooled.wrappedBuffer(in.readAllBytes()));
      try {
        return new ImageDecoder(pool).decode(buf, ImageHeader.read(buf));
      } finally {
        buf.release();
      }
    }
  }
}
