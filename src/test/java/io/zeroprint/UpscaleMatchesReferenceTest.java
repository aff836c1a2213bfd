package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server's ×2/×4 output agrees with the original TensorFlow.js model (golden fixtures made by
 * {@code tools/golden/make-golden.mjs}). The server tiles these images (tileOutputSide 256), so this
 * also proves stitching.
 *
 * <p>Tolerances: for PNG input both sides decode identical pixels, and the only differences are
 * float rounding between TF and tfjs-wasm kernels: at most 1 level, on under 0.1% of samples. For
 * JPEG the reference decoder (jpeg-js) and the JDK's libjpeg round the IDCT and colour conversion
 * differently (±3 levels on the input), which the network carries through: mean difference under
 * 1 level and no sample off by more than {@value #JPEG_MAX_DIFF} (measured: mean 0.5, max 3). The ICC profile of rocket.jpg is
 * removed before upload because the reference ignores it while zeroprint applies it.
 */
class UpscaleMatchesReferenceTest extends ServerTestBase {
  private static final int PNG_MAX_DIFF = 1;
  private static final double PNG_MIN_EXACT = 0.999;
  private static final int JPEG_MAX_DIFF = 6;
  private static final int JPEG_BLOCK_MAX_DIFF = 3;
  private static final double JPEG_MAX_MEAN = 1.0;
  private static final int BLOCK_MAX_DIFF = 1;

  @ParameterizedTest(name = "{0} upscaled ×{1} matches the TensorFlow.js reference")
  @CsvSource({"astronaut.png, 2", "astronaut.png, 4", "rocket.jpg, 2", "rocket.jpg, 4"})
  void upscaledImageMatchesTheReference(String file, int scale) {
    byte[] input = resource("images/" + file);
    boolean jpeg = file.endsWith(".jpg");
    if (jpeg) {
      input = Jpegs.withoutIccProfile(input);
    }
    String golden = "golden/" + file.substring(0, file.indexOf('.')) + "-x" + scale + "/";
    JsonObject meta = new JsonObject(new String(resource(golden + "meta.json"), StandardCharsets.UTF_8));

    HttpResponse<byte[]> resp = postRaw("/v1/enhance?scale=" + scale, jpeg ? "image/jpeg" : "image/png", input);

    assertEquals(200, resp.statusCode());
    assertEquals("image/png", resp.headers().firstValue("content-type").orElse(""));
    BufferedImage out = Pixels.decode(resp.body());
    assertEquals(meta.getInteger("outputWidth"), out.getWidth());
    assertEquals(meta.getInteger("outputHeight"), out.getHeight());
    for (String crop : new String[] {"tl", "center", "br"}) {
      JsonObject r = meta.getJsonObject("crops").getJsonObject(crop);
      int[] actual = Pixels.rgb(out, r.getInteger("x"), r.getInteger("y"), r.getInteger("w"), r.getInteger("h"));
      int[] expected = Pixels.rgb(Pixels.decode(resource(golden + "crop-" + crop + ".png")), 0, 0, r.getInteger("w"),
          r.getInteger("h"));
      assertWithinTolerance(crop, Pixels.Diff.of(actual, expected), jpeg);
    }
    BufferedImage blocks = Pixels.decode(resource(golden + "blocks16.png"));
    Pixels.Diff blockDiff = Pixels.Diff.of(Pixels.blockMeans(out, meta.getInteger("blockSize")),
        Pixels.rgb(blocks, 0, 0, blocks.getWidth(), blocks.getHeight()));
    int blockLimit = jpeg ? JPEG_BLOCK_MAX_DIFF : BLOCK_MAX_DIFF;
    assertTrue(blockDiff.max() <= blockLimit && blockDiff.mean() <= JPEG_MAX_MEAN, () -> "16×16 block means: " + blockDiff);
    assertBuffersReleased();
  }

  private static void assertWithinTolerance(String crop, Pixels.Diff d, boolean jpeg) {
    if (jpeg) {
      assertTrue(d.max() <= JPEG_MAX_DIFF && d.mean() <= JPEG_MAX_MEAN, () -> crop + ": " + d);
    } else {
      assertTrue(d.max() <= PNG_MAX_DIFF && d.exactShare() >= PNG_MIN_EXACT, () -> crop + ": " + d);
    }
  }
}
