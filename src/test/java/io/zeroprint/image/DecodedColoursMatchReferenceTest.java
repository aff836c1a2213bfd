package io.zeroprint.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.buffer.SegmentBuffer;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every PNG colour type and bit depth and every JPEG colour space decodes to the sRGB pixels that
 * libpng/libjpeg (through ImageMagick, with lcms for an embedded profile) give for the same file.
 * The variants and the references are made by {@code tools/decode-variants/make.sh}.
 *
 * <p>Tolerances: a PNG is lossless, so its samples must agree exactly, or within one level where
 * 16 bits are rounded to 8. A JPEG's IDCT and chroma upsampling differ between libjpeg 6b (the
 * JDK's) and libjpeg-turbo in their rounding, which moves single pixels by a few levels and the mean
 * by well under one; the gap these tolerances guard against (a grey space read as linear, a profile
 * ignored, CMYK not inverted) is tens of levels in the mean.
 */
class DecodedColoursMatchReferenceTest {
  private static final double PNG_MEAN = 0.5;
  private static final int PNG_MAX = 1;
  private static final double JPEG_MEAN = 1.0;
  private static final int JPEG_MAX = 8;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"grey1.png", "grey2.png", "grey4.png", "grey8.png", "grey16.png", "grey8-interlaced.png",
      "grey-alpha8.png", "grey-alpha16.png", "palette.png", "palette-trns.png", "rgb8.png", "rgb16.png",
      "rgb8-interlaced.png", "rgba8.png", "rgba16.png", "rgba16-interlaced.png", "rgb8-adobe-rgb.png",
      "rgba16-adobe-rgb.png", "ycbcr420.jpg", "ycbcr444.jpg",
      "progressive.jpg", "grey.jpg", "grey-progressive.jpg", "ycck.jpg", "cmyk.jpg", "adobe-rgb.jpg", "untagged.jpg"})
  void eachVariantDecodesToTheSameSrgbAsLibpngAndLibjpeg(String variant) {
    BufferedImage reference = read("variants/ref/" + variant.replaceFirst("\\.jpg$", ".png"));
    boolean png = variant.endsWith(".png");
    try (RgbImage decoded = decode(ScanInputs.resource("variants/" + variant))) {
      assertEquals(reference.getWidth(), decoded.width());
      assertEquals(reference.getHeight(), decoded.height());
      Raster ref = reference.getRaster();
      boolean refAlpha = ref.getNumBands() == 4;
      assertEquals(refAlpha, decoded.hasAlpha(), "alpha channel");
      double[] sum = new double[4];
      int[] max = new int[4];
      int compared = 0;
      for (int y = 0; y < decoded.height(); y++) {
        for (int x = 0; x < decoded.width(); x++) {
          int i = y * decoded.width() + x;
          int alpha = refAlpha ? ref.getSample(x, y, 3) : 255;
          if (refAlpha) {
            int d = Math.abs(alpha - (decoded.alpha()[i] & 0xff));
            sum[3] += d;
            max[3] = Math.max(max[3], d);
          }
          if (alpha == 0) {
            // under full transparency the decoder puts the nearest visible colour (TransparentPixels), not the file's
            continue;
          }
          compared++;
          for (int c = 0; c < 3; c++) {
            int d = Math.abs(ref.getSample(x, y, c) - (decoded.bytes()[i * 3 + c] & 0xff));
            sum[c] += d;
            max[c] = Math.max(max[c], d);
          }
        }
      }
      int pixels = decoded.width() * decoded.height();
      String report = String.format(Locale.ROOT, "%s: mean |diff| R %.2f G %.2f B %.2f A %.2f, max R %d G %d B %d A %d",
          variant, sum[0] / compared, sum[1] / compared, sum[2] / compared, sum[3] / pixels, max[0], max[1], max[2],
          max[3]);
      System.out.println(report);
      for (int c = 0; c < 4; c++) {
        double mean = sum[c] / (c == 3 ? pixels : compared);
        assertTrue(mean <= (png ? PNG_MEAN : JPEG_MEAN), report);
        assertTrue(max[c] <= (png ? PNG_MAX : JPEG_MAX), report);
      }
    }
  }

  static RgbImage decode(byte[] bytes) {
    SegmentBuffer buf = ScanInputs.buffer(bytes);
    try {
      return new ImageDecoder(ScanInputs.POOL).decode(buf, ImageHeader.read(buf));
    } finally {
      buf.release();
    }
  }

  private static BufferedImage read(String name) {
    try {
      return ImageIO.read(new ByteArrayInputStream(ScanInputs.resource(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
