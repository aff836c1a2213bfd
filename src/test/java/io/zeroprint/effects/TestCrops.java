package io.zeroprint.effects;

import io.zeroprint.ServerTestBase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small test photos cut from the bundled test images, and a pixel comparison. */
final class TestCrops {
  private TestCrops() {}

  static byte[] png(String resource, int x, int y, int w, int h) {
    try {
      BufferedImage src = ImageIO.read(new ByteArrayInputStream(ServerTestBase.resource(resource)));
      BufferedImage crop = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      crop.getGraphics().drawImage(src.getSubimage(x, y, w, h), 0, 0, null);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(crop, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mean absolute difference per channel sample, in levels (0..255). */
  static double meanAbsDiff(BufferedImage a, BufferedImage b) {
    double sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s <= 16; s += 8) {
          sum += Math.abs(((p >> s) & 0xff) - ((q >> s) & 0xff));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }
}
