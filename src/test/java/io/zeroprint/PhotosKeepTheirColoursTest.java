package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.Raster;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** End to end: a grey photo keeps its brightness, and a photo cut short is refused, not filled in. */
class PhotosKeepTheirColoursTest extends ServerTestBase {
  private static final byte[] CAMERA = resource("images/camera.png");
  private static final byte[] ROCKET = resource("images/rocket.jpg");
  private static final double LEVELS = 2.0;

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void aGreyPhotoUpscaledKeepsItsMeanBrightness() {
    HttpResponse<byte[]> resp = postRaw("/v1/enhance?scale=2", "image/png", CAMERA);
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    double in = meanSample(Pixels.decode(CAMERA).getRaster()); // the file's grey levels, read as stored
    double out = meanSample(Pixels.decode(resp.body()).getRaster());
    assertTrue(Math.abs(out - in) <= LEVELS, "mean grey " + in + " in, " + out + " out");
  }

  @Test
  void theFirstThirdOfAJpegIsACorruptImage() {
    assertProblem(postRaw("/v1/enhance", "image/jpeg", TestImages.truncated(ROCKET, 1 / 3.0)), 422, "corrupt_image");
  }

  @Test
  void aJpegWithoutItsEndMarkerIsACorruptImage() {
    assertProblem(postRaw("/v1/enhance", "image/jpeg", Arrays.copyOf(ROCKET, ROCKET.length - 2)), 422, "corrupt_image");
  }

  @Test
  void aPngWhoseDataStreamEndsEarlyIsACorruptImage() {
    assertProblem(postRaw("/v1/enhance", "image/png", TestImages.truncated(CAMERA, 0.6)), 422, "corrupt_image");
  }

  /** The mean over every colour sample (all bands), as stored in the file. */
  private static double meanSample(Raster r) {
    double sum = 0;
    int[] px = new int[r.getNumBands()];
    for (int y = 0; y < r.getHeight(); y++) {
      for (int x = 0; x < r.getWidth(); x++) {
        r.getPixel(x, y, px);
        for (int b = 0; b < Math.min(px.length, 3); b++) {
          sum += px[b];
        }
      }
    }
    return sum / ((double) r.getWidth() * r.getHeight() * Math.min(r.getNumBands(), 3));
  }
}
