package io.zeroprint.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.BestTierModels;
import io.zeroprint.ServerTestBase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code best} tier once {@code models pull upscale-best} has installed it (here only its ×2
 * model beside the bundled ones, to keep start-up short: ESRGAN-thick is ~28 MB a factor).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BestTierUpscaleTest extends ServerTestBase {
  private static final Path FOLDER = Path.of("target/test-models/bundled-and-thick-x2");
  /** 40×32: smaller than two tile contexts, so the stage pads it by its own edge first. */
  private static final byte[] PHOTO = TestCrops.png("images/astronaut.png", 176, 96, 40, 32);
  private static final double MAX_MEAN_DIFFERENCE = 8;

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("models", new JsonObject().put("dir", folder().toString()));
  }

  @AfterEach
  void everyBufferIsReleased() {
    assertBuffersReleased();
  }

  @Test
  void theBestTierUpscalesOnceItsModelIsInstalled() throws IOException {
    BufferedImage best = upscale("/v1/enhance?scale=2&tier=best");
    BufferedImage fast = upscale("/v1/enhance?scale=2");
    assertEquals(80, best.getWidth());
    assertEquals(64, best.getHeight());
    double diff = TestCrops.meanAbsDiff(fast, best);
    assertTrue(diff > 0 && diff < MAX_MEAN_DIFFERENCE, "mean difference fast vs best " + diff);
    assertProblem(postRaw("/v1/enhance?scale=4&tier=best", "image/png", PHOTO), 503, "effect_unavailable");
  }

  @Test
  void theEffectsListShowsTheBestTierAvailable() {
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/v1/effects")).GET().build());
    JsonObject tier = UpscaleTiersTest.option(new JsonObject(new String(resp.body())), "upscale", "tier");
    assertEquals("fast|balanced|best", tier.getString("available"));
  }

  private BufferedImage upscale(String pathAndQuery) throws IOException {
    HttpResponse<byte[]> resp = postRaw(pathAndQuery, "image/png", PHOTO);
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    return ImageIO.read(new ByteArrayInputStream(resp.body()));
  }

  private static synchronized Path folder() {
    try {
      Path all = BestTierModels.folder();
      Files.createDirectories(FOLDER);
      for (Path p : Files.list(all).toList()) {
        String name = p.getFileName().toString();
        boolean otherThick = name.startsWith("esrgan-thick-") && !name.equals("esrgan-thick-x2");
        Path link = FOLDER.resolve(name);
        if (!otherThick && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, p.toRealPath());
        }
      }
      return FOLDER;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
