package io.zeroprint.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.config.ModelsConfig;
import io.zeroprint.config.WorkerConfig;
import io.zeroprint.model.GoldenFixture;
import io.zeroprint.model.ModelRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MAXIM restoration end to end with {@code maxim-deblurring} installed by the pull path. Tiles are
 * made small (128 px, 16 px overlap) so even the small test photo is cut into several tiles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestorationEffectsTest extends ServerTestBase {
  private static final int TILE = 128;
  private static final int OVERLAP = 16;
  /** A 160×120 crop of astronaut.png (face and flag): 2×2 tiles of core 96. */
  private static final byte[] PHOTO = TestCrops.png("images/astronaut.png", 150, 60, 160, 120);
  /** MAXIM restores; it does not repaint: the mean change stays well under this many levels. */
  private static final double MAX_MEAN_CHANGE = 12;

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("models", new JsonObject().put("dir", RestorationModels.folder().toString())
        .put("restorationTileSide", TILE).put("restorationOverlap", OVERLAP));
  }

  @AfterEach
  void everyBufferIsReleased() {
    assertBuffersReleased();
  }

  @Test
  void deblurRestoresASmallPhotoTileByTileAtItsOwnSize() throws IOException {
    HttpResponse<byte[]> resp = postRaw("/v1/enhance?effect=deblur", "image/png", PHOTO);
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    BufferedImage in = ImageIO.read(new ByteArrayInputStream(PHOTO));
    BufferedImage out = ImageIO.read(new ByteArrayInputStream(resp.body()));
    assertEquals(160, out.getWidth());
    assertEquals(120, out.getHeight());
    double change = TestCrops.meanAbsDiff(in, out);
    assertTrue(change > 0 && change < MAX_MEAN_CHANGE, "mean change " + change);
  }

  @Test
  void restoreRunsItsStagesInOrderAndEndsInAnUpscale() throws IOException {
    HttpResponse<byte[]> resp = postRaw("/v1/enhance?effect=restore&stages=deblur,upscale&scale=2", "image/png", PHOTO);
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    BufferedImage out = ImageIO.read(new ByteArrayInputStream(resp.body()));
    assertEquals(320, out.getWidth());
    assertEquals(240, out.getHeight());
    assertTrue(metric("zeroprint_stage_seconds_count{stage=\"deblur\"}") >= 1, "the deblur stage ran");
  }

  @Test
  void theListShowsDeblurAvailableAndTheUninstalledOthersNot() {
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/v1/effects")).GET().build());
    JsonObject deblur = new JsonObject(new String(resp.body())).getJsonArray("effects").stream()
        .map(JsonObject.class::cast).filter(e -> e.getString("name").equals("deblur")).findFirst().orElseThrow();
    assertTrue(deblur.getBoolean("available"));
    assertTrue(deblur.getJsonArray("models").getJsonObject(0).getBoolean("installed"));
  }

  @Test
  void theConvertedDeblurringModelAgreesWithTfjs() throws Exception {
    ModelsConfig settings = new ModelsConfig(RestorationModels.aloneFolder().toString(), false, false, TILE, OVERLAP);
    try (ModelRegistry models = ModelRegistry.load(settings, new WorkerConfig(1, 1, 2, 1, 60, 1, 256))) {
      GoldenFixture.assertAgrees(models.model("maxim-deblurring").orElseThrow(), "golden/effects/maxim-deblurring");
    }
  }

  /** Every MAXIM model that is installed loads and runs on 64×64; in CI only deblur is. */
  @ParameterizedTest
  @ValueSource(strings = {"deblur", "denoise", "lowlight", "dehaze", "dehaze-indoor", "derain", "retouch"})
  void eachInstalledRestorationRunsOnASmall64PixelImage(String effect) throws IOException {
    JsonObject list = new JsonObject(new String(send(HttpRequest.newBuilder(uri("/v1/effects")).GET().build()).body()));
    boolean installed = list.getJsonArray("installed").contains(io.zeroprint.effects.restore.RestoreFamily.MODELS.get(effect));
    Assumptions.assumeTrue(installed, effect + " not installed (java -jar target/zeroprint.jar models pull restore)");
    byte[] small = TestCrops.png("images/astronaut.png", 200, 120, 64, 64);
    HttpResponse<byte[]> resp = postRaw("/v1/enhance?effect=" + effect, "image/png", small);
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    assertEquals(64, ImageIO.read(new ByteArrayInputStream(resp.body())).getWidth());
  }
}
