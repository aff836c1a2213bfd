package io.zeroprint.image;

import static io.zeroprint.image.ScanInputs.header;
import static io.zeroprint.image.ScanInputs.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The scan refuses nothing real: the test images and what ImageIO itself writes parse as before. */
class RealImagesStillParseTest {

  @ParameterizedTest(name = "{0} parses to {1}×{2}, orientation {3}, animated {4}")
  @CsvSource({
      "astronaut.png, 512, 512, 1, false",
      "camera.png, 512, 512, 1, false",
      "chelsea.png, 451, 300, 1, false",
      "coffee.png, 600, 400, 1, false",
      "rocket.jpg, 640, 427, 1, false"})
  void everyTestImageParsesToTheSameHeaderAsBefore(String name, int width, int height, int orientation,
      boolean animated) {
    ImageHeader h = header(resource(name));
    assertEquals(new ImageHeader(name.endsWith(".png") ? ImageFormat.PNG : ImageFormat.JPEG, width, height,
        orientation, animated), h);
  }

  @ParameterizedTest(name = "a large {0} written by ImageIO passes the scan")
  @ValueSource(strings = {"png", "jpeg"})
  void aLargeImageWrittenByImageIoPassesTheScan(String format) {
    BufferedImage img = TestPictures.noise(1500, 1000, 3);
    ImageHeader h = header(TestPictures.encode(img, format));
    assertEquals(1500, h.width());
    assertEquals(1000, h.height());
  }

  @ParameterizedTest(name = "ImageIO's {0} types pass the scan")
  @ValueSource(ints = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_INT_ARGB,
      BufferedImage.TYPE_BYTE_BINARY, BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_4BYTE_ABGR})
  void everyPngColourTypeImageIoWritesPassesTheScan(int type) {
    BufferedImage img = new BufferedImage(33, 17, type);
    img.getGraphics().drawImage(TestPictures.noise(33, 17, 5), 0, 0, null);
    assertEquals(33, header(TestPictures.encode(img, "png")).width());
  }
}
