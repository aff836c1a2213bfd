package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A result with alpha hides nothing under it: with alpha dropped (as any editor can), a fully
 * transparent pixel is black and a cut-out's edge shows the person's colour, not the photo's
 * background.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NothingHidesUnderTransparencyTest extends ServerTestBase {
  private static final byte[] ASTRONAUT = resource("images/astronaut.png");
  private static final int W = 48;
  private static final int H = 32;
  private static final int HIDDEN = 0xFF0000;
  private static final int VISIBLE = 0xFF2040C0;
  /** The visible blue's red is 0x20; what the model makes of it at the edge stays near that, the hidden red is 255. */
  private static final int MOST_RED_AN_EDGE_MAY_SHOW = 0x60;

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void aCutoutWithItsAlphaDroppedShowsNothingOfTheBackground() {
    HttpResponse<byte[]> resp = postRaw("/v1/enhance?effect=cutout", "image/png", ASTRONAUT);
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    Raster out = Pixels.decode(resp.body()).getRaster();
    Raster in = Pixels.decode(ASTRONAUT).getRaster();
    int transparent = 0;
    int edge = 0;
    int edgeAsUploaded = 0;
    int opaque = 0;
    Set<Integer> personColours = new HashSet<>();
    Set<Integer> edgeColours = new HashSet<>();
    for (int y = 0; y < out.getHeight(); y++) {
      for (int x = 0; x < out.getWidth(); x++) {
        int a = out.getSample(x, y, 3);
        boolean asUploaded = sameRgb(out, in, x, y);
        if (a == 0) {
          transparent++;
          assertEquals(0, out.getSample(x, y, 0) | out.getSample(x, y, 1) | out.getSample(x, y, 2),
              "a fully transparent pixel is black at " + x + "," + y);
        } else if (a < 255) {
          edge++;
          edgeAsUploaded += asUploaded ? 1 : 0;
          edgeColours.add(rgb(out, x, y));
        } else {
          opaque++;
          personColours.add(rgb(out, x, y));
          assertTrue(asUploaded, "the person is kept as uploaded at " + x + "," + y);
        }
      }
    }
    assertTrue(transparent > 10_000 && opaque > 10_000 && edge > 100,
        "transparent " + transparent + ", edge " + edge + ", opaque " + opaque);
    edgeColours.removeAll(personColours);
    assertEquals(Set.of(), edgeColours, "edge colours that are not the person's");
    // an edge pixel takes a nearby person pixel's colour, which in a flat area may equal the blend there
    assertTrue(edgeAsUploaded < edge / 20, edgeAsUploaded + " of " + edge + " edge pixels keep the uploaded colour");
  }

  @Test
  void anUploadsColourUnderFullTransparencyIsGoneFromEveryEffectThatKeepsAlpha() {
    byte[] upload = TestImages.encode(hiddenUnderTransparency(), "png");
    for (String query : new String[] {"scale=2", "effect=portrait", "effect=cutout"}) {
      HttpResponse<byte[]> resp = postRaw("/v1/enhance?" + query, "image/png", upload);
      assertEquals(200, resp.statusCode(), query + ": " + new String(resp.body()));
      BufferedImage img = Pixels.decode(resp.body());
      assertTrue(img.getColorModel().hasAlpha(), query);
      Raster out = img.getRaster();
      int transparent = 0;
      for (int y = 0; y < out.getHeight(); y++) {
        for (int x = 0; x < out.getWidth(); x++) {
          int a = out.getSample(x, y, 3);
          int red = out.getSample(x, y, 0);
          if (a == 0) {
            transparent++;
            assertEquals(0, red | out.getSample(x, y, 1) | out.getSample(x, y, 2), query + ": black at " + x + "," + y);
          } else {
            assertTrue(red <= MOST_RED_AN_EDGE_MAY_SHOW, query + ": red " + red + " at " + x + "," + y + " (alpha " + a + ")");
          }
        }
      }
      assertTrue(transparent >= out.getWidth() * out.getHeight() / 3, query + ": " + transparent + " transparent");
    }
  }

  /** 48×32 RGBA: the left half fully transparent with red under it, the right half opaque blue. */
  private static BufferedImage hiddenUnderTransparency() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        img.setRGB(x, y, x < W / 2 ? HIDDEN : VISIBLE);
      }
    }
    return img;
  }

  private static int rgb(Raster r, int x, int y) {
    return r.getSample(x, y, 0) << 16 | r.getSample(x, y, 1) << 8 | r.getSample(x, y, 2);
  }

  private static boolean sameRgb(Raster out, Raster in, int x, int y) {
    return out.getSample(x, y, 0) == in.getSample(x, y, 0) && out.getSample(x, y, 1) == in.getSample(x, y, 1)
        && out.getSample(x, y, 2) == in.getSample(x, y, 2);
  }
}
