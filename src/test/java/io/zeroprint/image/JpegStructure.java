package io.zeroprint.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test-side view of a JPEG's marker segments, independent of the code under test. */
public final class JpegStructure {
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;

  private JpegStructure() {}

  /** Offset of the first segment with {@code marker}, looking no further than the first scan. */
  public static int offset(byte[] jpeg, int marker) {
    for (int pos = 2; pos + 4 <= jpeg.length; pos += segmentLength(jpeg, pos)) {
      int m = jpeg[pos + 1] & 0xff;
      if (m == marker) {
        return pos;
      }
      if (m == SOS) {
        break;
      }
    }
    throw new IllegalArgumentException("no such marker before the first scan");
  }

  /** Marker, length field and payload. */
  public static int segmentLength(byte[] jpeg, int pos) {
    return 2 + (((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff));
  }

  public static int count(byte[] jpeg, int marker) {
    int n = 0;
    for (int pos = 2; pos + 2 <= jpeg.length; ) {
      int m = jpeg[pos + 1] & 0xff;
      if (m == EOI) {
        return n;
      }
      if (marker < 0 || m == marker) {
        n++;
      }
      pos += segmentLength(jpeg, pos);
      if (m == SOS) {
        pos = endOfScanData(jpeg, pos);
      }
    }
    return n;
  }

  public static int segmentCount(byte[] jpeg) {
    return count(jpeg, -1);
  }

  public static byte[] progressive(BufferedImage img) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(img, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static int endOfScanData(byte[] jpeg, int pos) {
    int p = pos;
    while (!((jpeg[p] & 0xff) == 0xFF && (jpeg[p + 1] & 0xff) != 0 && ((jpeg[p + 1] & 0xff) < 0xD0
        || (jpeg[p + 1] & 0xff) > 0xD7))) {
      p++;
    }
    return p;
  }
}
