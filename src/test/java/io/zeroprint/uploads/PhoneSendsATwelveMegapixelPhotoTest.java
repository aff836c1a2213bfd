package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.config.BufferConfig;
import io.zeroprint.config.LimitsConfig;
import io.zeroprint.config.WorkerConfig;
import io.zeroprint.image.PngStructure;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The mobile round trip at a phone camera's full size: a 12 MP JPEG of about 20 MB, sent in chunks
 * of a few megabytes over a link that drops twice in the middle of a PATCH, comes back as one
 * verified webhook and one full-size portrait, and leaves no image memory behind. The server runs
 * with its production limits and budget, which admit such a photo (the other tests tighten them).
 */
class PhoneSendsATwelveMegapixelPhotoTest extends FlakyLinkRoundTrip {
  private static final int WIDTH = 4000;
  private static final int HEIGHT = 3000;
  private static final int CHUNK = 2 << 20;
  /** Client bytes at which the link drops: inside the 4th and the 7th chunk sent. */
  private static final long[] CUTS = {7_000_000, 15_000_000};
  private static final Duration WAIT = Duration.ofSeconds(WorkerConfig.DEFAULT_JOB_TIMEOUT_SECONDS);
  private static final int PNG_RGB = 2;

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("limits").put("maxUploadBytes", LimitsConfig.DEFAULT_MAX_UPLOAD_BYTES)
        .put("maxInputPixels", LimitsConfig.DEFAULT_MAX_INPUT_PIXELS)
        .put("maxResultPixels", LimitsConfig.DEFAULT_MAX_RESULT_PIXELS);
    o.getJsonObject("buffers").put("budgetBytes", BufferConfig.DEFAULT_BUDGET_BYTES);
    o.getJsonObject("worker").put("jobTimeoutSeconds", WorkerConfig.DEFAULT_JOB_TIMEOUT_SECONDS);
    return o;
  }

  @Test
  void aTwentyMegabytePhotoSurvivesTwoDropsAndComesBackAsAFullSizePortraitOnce() throws Exception {
    byte[] photo = PhonePhoto.jpeg(WIDTH, HEIGHT, 0.98f, 20);
    assertTrue(photo.length >= 18L << 20 && photo.length <= LimitsConfig.DEFAULT_MAX_UPLOAD_BYTES,
        "a phone's 12 MP photo at its best quality: " + photo.length + " bytes");

    byte[] result = portraitOverAFlakyLink(photo, CHUNK, WAIT, CUTS);

    PngStructure.Chunk ihdr = PngStructure.chunks(result).get(0);
    assertEquals("IHDR", ihdr.type());
    ByteBuffer header = ByteBuffer.wrap(ihdr.data());
    assertEquals(WIDTH, header.getInt(0));
    assertEquals(HEIGHT, header.getInt(4));
    assertEquals(PNG_RGB, header.get(9), "a JPEG has no alpha, and a portrait adds none");
    BufferedImage portrait = PhonePhoto.decode(result);
    assertEquals(WIDTH, portrait.getWidth());
    assertEquals(HEIGHT, portrait.getHeight());

    // Applied at full resolution: the background at the photo's edge lost its grain, the person's
    // suit (astronaut.png's lower middle) kept it.
    Rectangle edge = new Rectangle(0, 0, 200, 200);
    Rectangle suit = new Rectangle(1800, 2400, 150, 150);
    double grain = PhonePhoto.roughness(PhonePhoto.region(photo, edge), new Rectangle(edge.getSize()));
    double background = PhonePhoto.roughness(portrait, edge);
    double person = PhonePhoto.roughness(portrait, suit);
    assertTrue(background < grain / 4, "background roughness " + grain + " -> " + background);
    assertTrue(person > grain / 2, "person roughness " + person + ", the photo's grain " + grain);
    assertBuffersReleased();
  }
}
