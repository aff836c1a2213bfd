package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/**
 * A four-component JPEG (CMYK, or YCCK: Adobe's transform 2) → sRGB, which the JDK reader only
 * hands out as a raw raster. Samples are taken as Adobe-inverted (as Photoshop and ImageMagick write
 * them, and as libjpeg-based viewers assume) and converted the way ImageMagick, browsers and PDF
 * viewers do without a profile: R = (1 − C)(1 − K), and so on.
 */
final class CmykJpeg {
  private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";
  private static final int CMYK_BANDS = 4;
  private static final int K = 3;
  private static final int YCCK = 2;
  private static final int BYTE_MAX = 255;
  private static final int CHROMA_ZERO = 128;
  private static final double CR_TO_R = 1.402;
  private static final double CB_TO_G = 0.344136;
  private static final double CR_TO_G = 0.714136;
  private static final double CB_TO_B = 1.772;

  private CmykJpeg() {}

  /** True for a four-component JPEG, which the JDK reader cannot give as a BufferedImage. */
  static boolean applies(ImageReader reader) throws IOException {
    Node sof = marker(reader.getImageMetadata(0), "sof");
    return sof != null && attribute(sof, "numFrameComponents", 0) == CMYK_BANDS;
  }

  static RgbImage read(ImageReader reader, BufferStore store) throws IOException {
    Node adobe = marker(reader.getImageMetadata(0), "app14Adobe");
    boolean ycck = adobe != null && attribute(adobe, "transform", 0) == YCCK;
    Raster raster = reader.readRaster(0, null);
    try {
      if (raster.getNumBands() != CMYK_BANDS) {
        throw new IOException("not a four-component JPEG");
      }
      int w = raster.getWidth();
      int h = raster.getHeight();
      ByteLease lease = store.leaseBytes(Math.multiplyExact(Math.multiplyExact(w, h), RgbImage.CHANNELS));
      int[] row = new int[w * CMYK_BANDS];
      try {
        byte[] out = lease.bytes();
        for (int y = 0; y < h; y++) {
          raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
          if (ycck) {
            ycckToCmyk(row);
          }
          int o = y * w * RgbImage.CHANNELS;
          for (int s = 0; s < row.length; s += CMYK_BANDS) {
            int k = row[s + K];
            for (int c = 0; c < RgbImage.CHANNELS; c++) {
              out[o++] = (byte) ((row[s + c] * k + BYTE_MAX / 2) / BYTE_MAX); // inverted: C' = 1 − C
            }
          }
        }
        return new RgbImage(w, h, lease);
      } catch (RuntimeException e) {
        lease.close();
        throw e;
      } finally {
        Arrays.fill(row, 0);
      }
    } finally {
      Rasters.zero(raster);
    }
  }

  /** libjpeg's YCCK → CMYK: YCbCr → RGB on the first three, then C = 255 − R; K is kept. */
  private static void ycckToCmyk(int[] row) {
    for (int s = 0; s < row.length; s += CMYK_BANDS) {
      double y = row[s];
      double cb = row[s + 1] - CHROMA_ZERO;
      double cr = row[s + 2] - CHROMA_ZERO;
      row[s] = BYTE_MAX - clamp(y + CR_TO_R * cr);
      row[s + 1] = BYTE_MAX - clamp(y - CB_TO_G * cb - CR_TO_G * cr);
      row[s + 2] = BYTE_MAX - clamp(y + CB_TO_B * cb);
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(BYTE_MAX, Math.round(v)));
  }

  /** A marker segment of the JDK's native JPEG metadata tree, or null. */
  private static Node marker(IIOMetadata metadata, String name) {
    Node root = metadata.getAsTree(NATIVE_FORMAT);
    for (Node seq = root.getFirstChild(); seq != null; seq = seq.getNextSibling()) {
      for (Node m = seq.getFirstChild(); m != null; m = m.getNextSibling()) {
        if (name.equals(m.getNodeName())) {
          return m;
        }
      }
    }
    return null;
  }

  private static int attribute(Node node, String name, int absent) {
    Node a = node.getAttributes().getNamedItem(name);
    return a == null ? absent : Integer.parseInt(a.getNodeValue());
  }
}
