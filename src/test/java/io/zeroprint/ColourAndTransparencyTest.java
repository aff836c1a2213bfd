package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Transparency survives, grey stays grey, and embedded colour profiles are honoured. */
class ColourAndTransparencyTest extends ServerTestBase {
  private static final int W = 48;
  private static final int H = 32;

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void aTransparentPngStaysTransparentWhereItWas() {
    var resp = postRaw("/v1/enhance?scale=2", "image/png", halfTransparent());

    assertEquals(200, resp.statusCode());
    BufferedImage out = Pixels.decode(resp.body());
    assertTrue(out.getColorModel().hasAlpha(), "result has an alpha channel");
    assertEquals(0, out.getRGB(4, 30) >>> 24, "left half stays transparent");
    assertEquals(255, out.getRGB(2 * W - 4, 30) >>> 24, "right half stays opaque");
  }

  @Test
  void aTransparentImageAskedForAsJpegIsFlattenedOntoWhite() {
    var resp = postRaw("/v1/enhance?scale=2&format=jpeg", "image/png", halfTransparent());

    BufferedImage out = Pixels.decode(resp.body());
    int[] left = Pixels.rgb(out, 4, 30, 1, 1);
    assertTrue(left[0] > 235 && left[1] > 235 && left[2] > 235, () -> java.util.Arrays.toString(left));
  }

  @Test
  void aGreyscaleImageComesBackGrey() {
    var resp = postRaw("/v1/enhance?scale=2", "image/png", resource("images/camera.png"));

    BufferedImage out = Pixels.decode(resp.body());
    assertEquals(1024, out.getWidth());
    int[] rgb = Pixels.rgb(out, 0, 0, out.getWidth(), out.getHeight());
    long spread = 0;
    for (int i = 0; i < rgb.length; i += 3) {
      spread += Math.abs(rgb[i] - rgb[i + 1]) + Math.abs(rgb[i + 1] - rgb[i + 2]);
    }
    assertTrue(spread / (rgb.length / 3.0) < 2.0, "mean channel spread " + spread / (rgb.length / 3.0));
  }

  @Test
  void anEmbeddedIccProfileIsConvertedToSrgb() {
    byte[] tagged = resource("images/rocket.jpg"); // Adobe RGB (1998) profile
    BufferedImage asSrgb = Pixels.decode(tagged); // the JDK applies the profile in getRGB
    BufferedImage ignoringProfile = Pixels.decode(Jpegs.withoutIccProfile(tagged));

    BufferedImage out = Pixels.decode(postRaw("/v1/enhance?scale=2", "image/jpeg", tagged).body());

    int[] result = Pixels.blockMeans(out, 16);
    Pixels.Diff toSrgb = Pixels.Diff.of(result, Pixels.blockMeans(asSrgb, 8));
    Pixels.Diff toRaw = Pixels.Diff.of(result, Pixels.blockMeans(ignoringProfile, 8));
    assertTrue(toSrgb.mean() < 1.5, "vs sRGB-converted input: " + toSrgb);
    assertTrue(toRaw.mean() > 2 * toSrgb.mean(), "vs profile ignored: " + toRaw + ", vs sRGB: " + toSrgb);
  }

  /** 48×32 RGBA: left half fully transparent (red underneath), right half opaque blue. */
  private static byte[] halfTransparent() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        img.setRGB(x, y, x < W / 2 ? 0x00FF0000 : 0xFF2040C0);
      }
    }
    return TestImages.encode(img, "png");
  }
}
