package io.zeroprint.uploads;

import io.zeroprint.ServerTestBase;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.NodeList;

/**
 * A phone camera's photo, made in memory (never a file): a person (astronaut.png, enlarged) in front
 * of a smooth gradient, with sensor-like noise on every pixel, as a high-quality JPEG. The noise is
 * what makes it as large as a phone's 12 MP photo at its best quality; it also shows whether a
 * region was blurred.
 */
final class PhonePhoto {
  /** Noise on each channel of each pixel, uniform in [-NOISE, NOISE). */
  static final int NOISE = 24;
  private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

  private PhonePhoto() {}

  static byte[] jpeg(int width, int height, float quality, long seed) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        bgr[i] = (byte) (64 + 128 * y / height);
        bgr[i + 1] = (byte) (96 + 64 * x / width);
        bgr[i + 2] = (byte) (160 - 96 * x / width);
      }
    }
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(decode(ServerTestBase.resource("images/astronaut.png")), (width - height) / 2, 0, height,
        height, null);
    g.dispose();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < bgr.length; i++) {
      bgr[i] = (byte) Math.max(0, Math.min(255, (bgr[i] & 0xff) + random.nextInt(-NOISE, NOISE)));
    }
    return encode(img, quality);
  }

  /**
   * How rough a region is: the mean absolute difference between horizontally neighbouring samples
   * (about 2·NOISE/3 where the noise is, well under 1 where it was blurred away).
   */
  static double roughness(BufferedImage img, Rectangle r) {
    long sum = 0;
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int x = r.x; x + 1 < r.x + r.width; x++) {
        int a = img.getRGB(x, y);
        int b = img.getRGB(x + 1, y);
        for (int shift = 0; shift < 24; shift += 8) {
          sum += Math.abs((a >> shift & 0xff) - (b >> shift & 0xff));
        }
      }
    }
    return sum / (3.0 * r.height * (r.width - 1));
  }

  /** An encoded image, read from memory (ImageIO's default would spool it through a temporary file). */
  static BufferedImage decode(byte[] encoded) {
    return decode(encoded, null);
  }

  /** Only {@code r} of a JPEG: what lies below it is not decoded. */
  static BufferedImage region(byte[] jpeg, Rectangle r) {
    return decode(jpeg, r);
  }

  private static BufferedImage decode(byte[] encoded, Rectangle r) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      try {
        reader.setInput(in);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceRegion(r);
        return reader.read(0, param);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Baseline JPEG at {@code quality}, colour at full resolution (4:4:4) as phones write their best photos. */
  private static byte[] encode(BufferedImage img, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(24 << 20);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
      IIOMetadataNode tree = (IIOMetadataNode) meta.getAsTree(JPEG_METADATA);
      NodeList components = tree.getElementsByTagName("componentSpec");
      for (int i = 0; i < components.getLength(); i++) {
        ((IIOMetadataNode) components.item(i)).setAttribute("HsamplingFactor", "1");
        ((IIOMetadataNode) components.item(i)).setAttribute("VsamplingFactor", "1");
      }
      meta.setFromTree(JPEG_METADATA, tree);
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, meta), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
