package io.zeroprint.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** landmarks, portrait and cutout through {@code POST /v1/enhance} with the bundled models. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaceAndPortraitEffectsTest extends ServerTestBase {
  private static final byte[] ASTRONAUT = resource("images/astronaut.png");
  private static final byte[] COFFEE = resource("images/coffee.png");
  private static final int POINTS = 468;
  /** Corner patch side in pixels: the top corners of astronaut.png are background (the suit reaches the bottom ones). */
  private static final int CORNER = 24;

  @AfterEach
  void everyBufferIsReleased() {
    assertBuffersReleased();
  }

  @Test
  void landmarksFindExactlyOneFaceOnTheAstronautWithEyesAboveNoseAboveMouth() {
    JsonObject body = landmarks(ASTRONAUT);
    assertEquals(512, body.getInteger("width"));
    JsonArray faces = body.getJsonArray("faces");
    assertEquals(1, faces.size(), "faces: " + faces.size());
    JsonObject face = faces.getJsonObject(0);
    JsonArray box = face.getJsonArray("box");
    assertEquals(POINTS, face.getJsonArray("points").size());
    JsonObject groups = face.getJsonObject("groups");
    float[] rightEye = centre(groups.getJsonArray("rightEye"));
    float[] leftEye = centre(groups.getJsonArray("leftEye"));
    float[] nose = centre(groups.getJsonArray("nose"));
    float[] mouth = centre(groups.getJsonArray("mouth"));
    for (float[] p : new float[][] {rightEye, leftEye, nose, mouth}) {
      assertTrue(inside(box, p), "point " + p[0] + "," + p[1] + " outside the box " + box);
    }
    assertTrue(rightEye[1] < nose[1] && leftEye[1] < nose[1], "eyes above the nose");
    assertTrue(nose[1] < mouth[1], "nose above the mouth");
    assertTrue(rightEye[0] < leftEye[0], "the subject's right eye is on the image's left");
    assertTrue(face.getFloat("score") >= 0.5f && face.getFloat("meshScore") >= 0.5f);
  }

  @Test
  void landmarksFindNoFaceInACupOfCoffee() {
    JsonObject body = landmarks(COFFEE);
    assertEquals(600, body.getInteger("width"));
    assertEquals(400, body.getInteger("height"));
    assertTrue(body.getJsonArray("faces").isEmpty());
  }

  @Test
  void cutoutIsAPngWhoseAlphaCoversThePersonAndNotTheCorners() {
    HttpResponse<byte[]> resp = postRaw("/v1/enhance?effect=cutout", "image/png", ASTRONAUT);
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    assertEquals("image/png", resp.headers().firstValue("Content-Type").orElseThrow());
    BufferedImage out = read(resp.body());
    assertEquals(512, out.getWidth());
    assertTrue(out.getColorModel().hasAlpha());
    assertTrue(meanAlpha(out, 230, 200, 40) > 240, "the person (face and suit) is opaque");
    for (int[] c : corners(out)) {
      assertTrue(meanAlpha(out, c[0], c[1], CORNER) < 16, "corner " + c[0] + "," + c[1] + " is transparent");
    }
  }

  @Test
  void portraitBlursTheCornersAndKeepsThePersonSharp() throws IOException {
    HttpResponse<byte[]> resp = postRaw("/v1/enhance?effect=portrait&blur=16", "image/png", ASTRONAUT);
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    BufferedImage in = ImageIO.read(new ByteArrayInputStream(ASTRONAUT));
    BufferedImage out = read(resp.body());
    assertTrue(detail(out, 200, 90, 64) > 0.8 * detail(in, 200, 90, 64), "the face keeps its detail");
    assertTrue(detail(out, 0, 0, 64) < 0.5 * detail(in, 0, 0, 64), "the background corner is blurred");
  }

  @Test
  void optionsAnEffectDoesNotTakeAreRefused() {
    assertProblem(postRaw("/v1/enhance?effect=landmarks&blur=3", "image/png", ASTRONAUT), 400, "invalid_option");
    assertProblem(postRaw("/v1/enhance?effect=cutout&format=jpeg", "image/png", ASTRONAUT), 400, "invalid_option");
    assertProblem(postRaw("/v1/enhance?effect=portrait&blur=999", "image/png", ASTRONAUT), 400, "invalid_option");
    assertProblem(postRaw("/v1/enhance?effect=age", "image/png", ASTRONAUT), 400, "unknown_effect");
  }

  private JsonObject landmarks(byte[] image) {
    HttpResponse<byte[]> resp = postRaw("/v1/enhance?effect=landmarks", "image/png", image);
    assertEquals(200, resp.statusCode(), new String(resp.body()));
    assertEquals("application/json", resp.headers().firstValue("Content-Type").orElseThrow());
    assertFalse(resp.headers().firstValue("Zeroprint-Width").isPresent());
    return new JsonObject(new String(resp.body()));
  }

  private static float[] centre(JsonArray points) {
    float x = 0;
    float y = 0;
    for (int i = 0; i < points.size(); i++) {
      x += points.getJsonArray(i).getFloat(0);
      y += points.getJsonArray(i).getFloat(1);
    }
    return new float[] {x / points.size(), y / points.size()};
  }

  private static boolean inside(JsonArray box, float[] p) {
    float x = box.getFloat(0);
    float y = box.getFloat(1);
    return p[0] >= x && p[0] <= x + box.getFloat(2) && p[1] >= y && p[1] <= y + box.getFloat(3);
  }

  private static int[][] corners(BufferedImage img) {
    return new int[][] {{0, 0}, {img.getWidth() - CORNER, 0}};
  }

  private static double meanAlpha(BufferedImage img, int x0, int y0, int side) {
    double sum = 0;
    for (int y = y0; y < y0 + side; y++) {
      for (int x = x0; x < x0 + side; x++) {
        sum += img.getRGB(x, y) >>> 24;
      }
    }
    return sum / (side * side);
  }

  /** Mean absolute difference between horizontal neighbours (green): how much fine detail a patch has. */
  private static double detail(BufferedImage img, int x0, int y0, int side) {
    double sum = 0;
    for (int y = y0; y < y0 + side; y++) {
      for (int x = x0; x < x0 + side - 1; x++) {
        sum += Math.abs(((img.getRGB(x, y) >> 8) & 0xff) - ((img.getRGB(x + 1, y) >> 8) & 0xff));
      }
    }
    return sum / (side * (side - 1));
  }

  private static BufferedImage read(byte[] png) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertTrue(img != null, "not an image");
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
