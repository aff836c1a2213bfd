package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG's embedded RGB profile (iCCP), which the JDK's PNG reader never applies: its
 * samples are converted to sRGB in place, as a colour-managed viewer shows them. A profile that
 * does not parse, or is not RGB, leaves the samples as sRGB (what a viewer does with it too).
 */
final class PngProfile {
  private static final int SIGNATURE = 8;
  private static final int CHUNK_HEADER = 8;
  private static final int[] COLOUR_BANDS = {0, 1, 2};
  /** Rows converted at a time: the converted copy stays small. */
  private static final int STRIP_ROWS = 64;
  /** Far above any real profile (a few KB to a few hundred): a zip bomb in iCCP stops here. */
  private static final int MAX_PROFILE_BYTES = 4 << 20;
  private static final int FIRST_GUESS = 64 << 10;

  private PngProfile() {}

  /** The image with its samples in sRGB (the same raster, converted in place), or {@code img} as it was. */
  static BufferedImage toSrgb(SegmentBuffer data, BufferedImage img) {
    if (!(img.getColorModel() instanceof ComponentColorModel cm) || cm.getNumColorComponents() != COLOUR_BANDS.length) {
      return img;
    }
    ICC_Profile profile = embedded(data);
    if (profile == null || profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
      return img;
    }
    ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
    ColorConvertOp op = new ColorConvertOp(new ICC_ColorSpace(profile), srgb, null);
    WritableRaster raster = img.getRaster();
    for (int y = 0; y < img.getHeight(); y += STRIP_ROWS) {
      int rows = Math.min(STRIP_ROWS, img.getHeight() - y);
      WritableRaster strip = raster.createWritableChild(0, y, img.getWidth(), rows, 0, 0, COLOUR_BANDS);
      WritableRaster converted = op.filter(strip, strip.createCompatibleWritableRaster()); // its own would be 8-bit
      strip.setRect(converted);
      Rasters.zero(converted);
    }
    // the samples are sRGB now, whatever space the reader tagged them with
    ComponentColorModel asSrgb = new ComponentColorModel(srgb, cm.getComponentSize(), cm.hasAlpha(), false,
        cm.getTransparency(), cm.getTransferType());
    return new BufferedImage(asSrgb, raster, false, null);
  }

  /**
   * The iCCP chunk's profile, found by a walk over the chunks ahead of the image data (which the
   * header scan has already checked). The reader is given no metadata to parse (it would inflate
   * every compressed text chunk whole), so it cannot be asked.
   */
  private static ICC_Profile embedded(SegmentBuffer data) {
    long p = SIGNATURE;
    while (true) {
      long length = uint32(data, p);
      String type = type(data, p + Integer.BYTES);
      if (length < 0 || "IDAT".equals(type) || "IEND".equals(type)) {
        return null;
      }
      if ("iCCP".equals(type) && length <= PngLimits.MAX_ICC_BYTES) {
        byte[] chunk = new byte[(int) length];
        byte[] profile = null;
        try {
          data.read(p + CHUNK_HEADER, chunk, 0, chunk.length);
          int name = 0;
          while (name < chunk.length && chunk[name] != 0) {
            name++;
          }
          int start = name + 2; // the name's terminator, then the compression method
          profile = start > chunk.length ? null : inflate(chunk, start);
          return profile == null ? null : ICC_Profile.getInstance(profile);
        } catch (IllegalArgumentException e) {
          return null;
        } finally {
          Arrays.fill(chunk, (byte) 0); // the upload's bytes: zeroed like every other copy of them
          if (profile != null) {
            Arrays.fill(profile, (byte) 0);
          }
        }
      }
      p += CHUNK_HEADER + length + Integer.BYTES;
    }
  }

  private static long uint32(SegmentBuffer data, long at) {
    long v = 0;
    for (int i = 0; i < Integer.BYTES; i++) {
      int b = data.readByte(at + i);
      if (b < 0) {
        return -1;
      }
      v = v << Byte.SIZE | b;
    }
    return v;
  }

  private static String type(SegmentBuffer data, long at) {
    char[] t = new char[Integer.BYTES];
    for (int i = 0; i < t.length; i++) {
      t[i] = (char) Math.max(0, data.readByte(at + i));
    }
    return new String(t);
  }

  /** The profile, or null if it does not inflate, or inflates past {@link #MAX_PROFILE_BYTES}. */
  private static byte[] inflate(byte[] chunk, int from) {
    Inflater inflater = new Inflater();
    byte[] out = new byte[Math.min(MAX_PROFILE_BYTES, Math.max(FIRST_GUESS, (chunk.length - from) * 2))];
    try {
      inflater.setInput(chunk, from, chunk.length - from);
      int n = 0;
      while (!inflater.finished()) {
        if (n == out.length) {
          if (out.length == MAX_PROFILE_BYTES) {
            return null;
          }
          byte[] larger = Arrays.copyOf(out, Math.min(MAX_PROFILE_BYTES, out.length * 2));
          Arrays.fill(out, (byte) 0);
          out = larger;
        }
        int got = inflater.inflate(out, n, out.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return null;
        }
        n += got;
      }
      return Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
      Arrays.fill(out, (byte) 0);
    }
  }
}
