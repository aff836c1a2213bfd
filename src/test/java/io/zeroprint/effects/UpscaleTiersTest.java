package io.zeroprint.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code tier} option with the bundled models: fast (ESRGAN-slim) and balanced (ESRGAN-medium)
 * run, best (ESRGAN-thick) is not installed and is refused before the upload is read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpscaleTiersTest extends ServerTestBase {
  /** A 48×40 crop of astronaut.png (the face's edge): small enough for one tile. */
  private static final byte[] PHOTO = TestCrops.png("images/astronaut.png", 176, 96, 48, 40);
  /** Both tiers upscale the same photo: they agree on its colours, not on its detail. */
  private static final double MAX_MEAN_DIFFERENCE = 8;

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("models", new JsonObject().put("dir", TestModels.everyBundled().toString()));
  }

  @AfterEach
  void everyBufferIsReleased() {
    assertBuffersReleased();
  }

  @Test
  void theBalancedTierUpscalesWithItsOwnModel() throws IOException {
    BufferedImage fast = upscale("/v1/enhance?scale=2&tier=fast");
    BufferedImage balanced = upscale("/v1/enhance?scale=2&tier=balanced");
    assertEquals(96, balanced.getWidth());
    assertEquals(80, balanced.getHeight());
    double diff = TestCrops.meanAbsDiff(fast, balanced);
    assertTrue(diff > 0 && diff < MAX_MEAN_DIFFERENCE, "mean difference fast vs balanced " + diff);
  }

  @Test
  void theTierCanBeSentInTheOptionsPartAndEndsARestorePipeline() throws IOException {
    HttpResponse<byte[]> resp = postMultipart("/v1/enhance", PHOTO, "{\"scale\":3,\"tier\":\"balanced\"}");
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    assertEquals(144, ImageIO.read(new ByteArrayInputStream(resp.body())).getWidth());
    // restore's default stages need MAXIM (not installed here): refused for that, not for the tier
    JsonObject problem = assertProblem(postRaw("/v1/enhance?effect=restore&stages=denoise,upscale&tier=balanced",
        "image/png", PHOTO), 503, "effect_unavailable");
    assertFalse(problem.getString("detail").contains("esrgan-medium"), problem.encode());
  }

  @Test
  void theBestTierIsRefusedUntilItsModelsArePulled() {
    JsonObject problem = assertProblem(postRaw("/v1/enhance?scale=4&tier=best", "image/png", PHOTO), 503,
        "effect_unavailable");
    assertTrue(problem.getString("detail").contains("esrgan-thick-x4"), problem.encode());
    assertTrue(problem.getString("detail").contains("models pull upscale-best"), problem.encode());
    assertProblem(postRaw("/v1/jobs?tier=best", "image/png", PHOTO), 503, "effect_unavailable");
  }

  @Test
  void anUnknownTierOrATierWithoutAnUpscaleIsAnInvalidOption() {
    JsonObject problem = assertProblem(postRaw("/v1/enhance?tier=ultra", "image/png", PHOTO), 400, "invalid_option");
    assertTrue(problem.getString("detail").contains("fast, balanced, best"), problem.encode());
    assertProblem(postRaw("/v1/enhance?effect=restore&stages=denoise&tier=fast", "image/png", PHOTO), 400,
        "invalid_option");
    assertProblem(postRaw("/v1/enhance?effect=portrait&tier=fast", "image/png", PHOTO), 400, "invalid_option");
  }

  @Test
  void theEffectsListSaysWhichTiersCanRunHere() {
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/v1/effects")).GET().build());
    assertEquals(200, resp.statusCode());
    for (String effect : new String[] {"upscale", "restore"}) {
      JsonObject tier = option(new JsonObject(new String(resp.body())), effect, "tier");
      assertEquals("fast|balanced|best", tier.getString("values"), effect);
      assertEquals("fast", tier.getString("default"), effect);
      assertEquals("fast|balanced", tier.getString("available"), effect);
    }
    JsonObject scale = option(new JsonObject(new String(resp.body())), "upscale", "scale");
    assertEquals("2|3|4|8", scale.getString("available"));
    assertFalse(option(new JsonObject(new String(resp.body())), "upscale", "format").containsKey("available"));
  }

  private BufferedImage upscale(String pathAndQuery) throws IOException {
    HttpResponse<byte[]> resp = postRaw(pathAndQuery, "image/png", PHOTO);
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    return ImageIO.read(new ByteArrayInputStream(resp.body()));
  }

  static JsonObject option(JsonObject list, String effect, String option) {
    JsonObject e = list.getJsonArray("effects").stream().map(JsonObject.class::cast)
        .filter(x -> x.getString("name").equals(effect)).findFirst().orElseThrow();
    return e.getJsonArray("options").stream().map(JsonObject.class::cast)
        .filter(o -> o.getString("name").equals(option)).findFirst().orElseThrow();
  }
}
