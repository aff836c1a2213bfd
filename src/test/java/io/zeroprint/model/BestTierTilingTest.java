package io.zeroprint.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.BestTierModels;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.BufferConfig;
import io.zeroprint.config.WorkerConfig;
import io.zeroprint.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * ESRGAN-thick's tiles see 16 pixels of context, not its whole receptive radius (154): the pixels
 * further out move no output by a visible amount, so a tiled run still equals a single pass within
 * 1/255, as ESRGAN-slim's exact tiling does.
 */
class BestTierTilingTest {
  private static final Path ONLY_X2 = Path.of("target/test-models/thick-x2");
  private static final String MODEL = "esrgan-thick-x2";
  /** Output tiles of 128 px: two tiles of core 32 side by side over the 64×32 crop. */
  private static final int SMALL_TILES = 128;
  private static final int ONE_TILE = 4096;

  @Test
  void aTiledRunOfTheBestTierEqualsASinglePass() throws Exception {
    Path all = BestTierModels.folder();
    Files.createDirectories(ONLY_X2);
    if (!Files.exists(ONLY_X2.resolve(MODEL), LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(ONLY_X2.resolve(MODEL), all.resolve(MODEL).toRealPath());
    }
    SegmentPool pool = new SegmentPool(new BufferConfig(1L << 30, 64 * 1024, 0));
    try (ModelRegistry models = ModelRegistry.load(ONLY_X2, new WorkerConfig(1, 1, 2, 1, 60, 1, ONE_TILE));
         RgbImage src = crop(pool, "/images/chelsea.png", 200, 100, 64, 32)) {
      Upscaler model = models.upscaler(MODEL).orElseThrow();
      assertEquals(16, model.manifest().tileContext());
      Tiler small = new Tiler(pool, SMALL_TILES);
      assertTrue(small.coreSide(model) * 2 == src.width(), "the small tiling cuts the crop in two");
      try (RgbImage tiled = small.run(model, src, (done, total) -> {});
           RgbImage whole = new Tiler(pool, ONE_TILE).run(model, src, (done, total) -> {})) {
        int maxDiff = 0;
        for (int i = 0; i < whole.bytes().length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs((whole.bytes()[i] & 0xff) - (tiled.bytes()[i] & 0xff)));
        }
        assertTrue(maxDiff <= 1, "max difference " + maxDiff + "/255");
      }
    }
    assertEquals(0, pool.stats().inUseBytes());
  }

  private static RgbImage crop(SegmentPool pool, String resource, int x0, int y0, int w, int h) throws Exception {
    BufferedImage img;
    try (InputStream in = BestTierTilingTest.class.getResourceAsStream(resource)) {
      img = ImageIO.read(in);
    }
    ByteLease pixels = pool.leaseBytes(w * h * 3);
    byte[] b = pixels.bytes();
    for (int y = 0, i = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x0 + x, y0 + y);
        b[i++] = (byte) (rgb >> 16);
        b[i++] = (byte) (rgb >> 8);
        b[i++] = (byte) rgb;
      }
    }
    return new RgbImage(w, h, pixels);
  }
}
