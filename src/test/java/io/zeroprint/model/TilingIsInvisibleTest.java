package io.zeroprint.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.BufferConfig;
import io.zeroprint.config.WorkerConfig;
import io.zeroprint.image.ImageDecoder;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.image.RgbImage;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tiles overlap by the model's receptive radius, so a tiled run equals a single pass over the whole
 * image within 1/255 (TF may sum in a different order for different tile shapes).
 */
class TilingIsInvisibleTest {
  private static final int SMALL_TILES = 128;
  private static final int ONE_TILE = 4096;

  @ParameterizedTest(name = "×{0}: tiled output equals the untiled output")
  @ValueSource(ints = {2, 3})
  void tiledOutputEqualsUntiledOutput(int scale) throws Exception {
    SegmentPool pool = new SegmentPool(new BufferConfig(1L << 30, 64 * 1024, 0));
    WorkerConfig worker = new WorkerConfig(1, 1, 2, 1, 60, 1, ONE_TILE);
    try (ModelRegistry models = ModelRegistry.load(Path.of("models"), worker);
         RgbImage src = decode(pool, "/images/chelsea.png")) {
      Upscaler model = models.upscaler("esrgan-slim-x" + scale).orElseThrow();
      Tiler small = new Tiler(pool, SMALL_TILES);
      assertTrue(small.coreSide(model) * 4 < src.width(), "the small tiling really cuts the image");

      try (RgbImage tiled = small.run(model, src, (done, total) -> {});
           RgbImage whole = new Tiler(pool, ONE_TILE).run(model, src, (done, total) -> {})) {
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
