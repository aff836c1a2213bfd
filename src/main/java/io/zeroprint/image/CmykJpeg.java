package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.SegmentBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageReader;

/**
 * A four-component JPEG (CMYK, or YCCK: Adobe's transform 2) → sRGB, which the JDK reader only
 * hands out as a raw raster. Samples are taken as Adobe-inverted (as Photoshop and ImageMagick write
 * them, and as libjpeg-based viewers assume) and converted the way ImageMagick, browsers and PDF
 * viewers do without a profile: R = (1 − C)(1 − K), and so on.
 */
final class CmykJpeg {
  private static final int MARKER = 0xFF;
  private static final int SOF0 = 0xC0;
  private static final int DHT = 0xC4;
  private static final int JPG = 0xC8;
  private static final int DAC = 0xCC;
  private static final int SOF15 = 0xCF;
  private static final int APP14 = 0xEE;
  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;
  private static final String ADOBE = "Adobe";
  /** Offsets from the segment's length field: the frame's component count, Adobe's transform flag. */
  private static final int SOF_COMPONENTS = 7;
  private static final int ADOBE_TRANSFORM = 13;
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

  /**
   * The Adobe transform of a four-component JPEG (0 plain CMYK, 2 YCCK), or -1 for any other JPEG.
   * A walk over the segments ahead of the frame header, which the header scan has already checked;
   * the JDK's own metadata parser is not used, since it refuses some valid JFIF+EXIF layouts.
   */
  static int fourComponentTransform(SegmentBuffer data) {
    int transform = 0;
    long p = 2;
    while (true) {
      while (data.readByte(p) == MARKER) {
        p++;
      }
      int marker = data.readByte(p);
      int length = data.readByte(p + 1) << Byte.SIZE | data.readByte(p + 2);
      if (marker < 0 || length < 2 || marker == SOS || marker == EOI) {
        return -1;
      }
      if (marker == APP14 && length > ADOBE_TRANSFORM && adobe(data, p + 3)) {
        transform = data.readByte(p + 1 + ADOBE_TRANSFORM);
      }
      if (marker >= SOF0 && marker <= SOF15 && marker != DHT && marker != JPG && marker != DAC) {
        return data.readByte(p + 1 + SOF_COMPONENTS) == CMYK_BANDS ? transform : -1;
      }
      p += 1 + length;
    }
  }

  private static boolean adobe(SegmentBuffer data, long at) {
    for (int i = 0; i < ADOBE.length(); i++) {
      if (data.readByte(at + i) != ADOBE.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static RgbImage read(ImageReader reader, int transform, BufferStore store) throws IOException {
    boolean ycck = transform == YCCK;
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
}
