package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The result is re-encoded from pixels: the upload's EXIF, comments and any payload hidden after
 * the image never reach it, and EXIF orientation is applied to the pixels instead of being kept.
 */
class ResultCarriesNothingButPixelsTest extends ServerTestBase {
  private static final String SECRET = "GPS-52.5200N-13.4050E-secret";
  private static final String TRAILER = "<?php system($_GET['c']); ?>";
  private static final int COM = 0xFE;

  @AfterEach
  void nothingIsLeftBehind() {
    assertBuffersReleased();
  }

  @Test
  void exifOrientationIsAppliedToThePixels() {
    // 40×20: red grows to the right, green downwards; orientation 6 = rotate 90° clockwise to view
    byte[] jpeg = Jpegs.withSegmentAfterSoi(TestImages.encode(TestImages.gradient(40, 20), "jpeg"),
        Jpegs.exifOrientation(6));

    var resp = postRaw("/v1/enhance?scale=2", "image/jpeg", jpeg);

    assertEquals(200, resp.statusCode());
    BufferedImage out = Pixels.decode(resp.body());
    assertEquals(40, out.getWidth());
    assertEquals(80, out.getHeight());
    assertEquals("40", resp.headers().firstValue("zeroprint-width").orElse(""));
    // viewed top-left was stored bottom-left (red 0, green 255); viewed top-right was stored top-left
    int[] topLeft = Pixels.rgb(out, 2, 2, 1, 1);
    int[] topRight = Pixels.rgb(out, 37, 2, 1, 1);
    assertTrue(topLeft[0] < 64 && topLeft[1] > 192, () -> "top-left " + java.util.Arrays.toString(topLeft));
    assertTrue(topRight[0] < 64 && topRight[1] < 64, () -> "top-right " + java.util.Arrays.toString(topRight));
  }

  @Test
  void metadataCommentsAndTrailingPayloadsNeverReachAPngResult() {
    byte[] result = postRaw("/v1/enhance", "image/jpeg", tainted()).body();

    assertFalse(contains(result, SECRET), "EXIF/comment text leaked");
    assertFalse(contains(result, TRAILER), "trailing payload leaked");
    assertEquals(List.of("IHDR", "IDAT", "IEND"), distinctPngChunks(result));
  }

  @Test
  void metadataCommentsAndTrailingPayloadsNeverReachAJpegResult() {
    var resp = postRaw("/v1/enhance?format=jpeg&quality=80", "image/jpeg", tainted());

    assertEquals("image/jpeg", resp.headers().firstValue("content-type").orElse(""));
    assertFalse(contains(resp.body(), SECRET), "EXIF/comment text leaked");
    assertFalse(contains(resp.body(), TRAILER), "trailing payload leaked");
    assertEquals(64, Pixels.decode(resp.body()).getWidth());
  }

  /** A 32×24 JPEG with the secret in an EXIF-like APP1 and a COM segment, and PHP after EOI. */
  private static byte[] tainted() {
    byte[] jpeg = TestImages.encode(TestImages.gradient(32, 24), "jpeg");
    jpeg = Jpegs.withSegmentAfterSoi(jpeg, segment(COM, SECRET.getBytes(StandardCharsets.US_ASCII)));
    jpeg = Jpegs.withSegmentAfterSoi(jpeg, Jpegs.exifOrientation(1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(jpeg);
    out.writeBytes(TRAILER.getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static byte[] segment(int marker, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(marker);
    out.write((payload.length + 2) >> 8);
    out.write((payload.length + 2) & 0xff);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static List<String> distinctPngChunks(byte[] png) {
    List<String> types = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(png);
    int pos = 8;
    while (pos + 8 <= png.length) {
      int length = b.getInt(pos);
      String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
      if (!types.contains(type)) {
        types.add(type);
      }
      pos += 12 + length;
    }
    return types;
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }
}
