package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;

/** PNG: IHDR gives the size; an {@code acTL} chunk before the first IDAT marks an animated PNG. */
final class PngHeader {
  private static final long FIRST_CHUNK = 8;
  private static final int CHUNK_OVERHEAD = 12;
  private static final int IHDR = 0x49484452;
  private static final int ACTL = 0x6163544C;
  private static final int IDAT = 0x49444154;
  private static final int ORIENTATION_AS_STORED = 1;

  private PngHeader() {}

  static ImageHeader read(SegmentBuffer d) {
    if (ImageHeader.u32(d, FIRST_CHUNK + 4) != IHDR) {
      throw new ProblemException(ErrorCode.CORRUPT_IMAGE, "The PNG does not start with an IHDR chunk.");
    }
    long width = ImageHeader.u32(d, FIRST_CHUNK + 8);
    long height = ImageHeader.u32(d, FIRST_CHUNK + 12);
    if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw new ProblemException(ErrorCode.TOO_MANY_PIXELS);
    }
    return new ImageHeader(ImageFormat.PNG, (int) width, (int) height, ORIENTATION_AS_STORED, animated(d));
  }

  private static boolean animated(SegmentBuffer d) {
    long pos = FIRST_CHUNK;
    while (pos + CHUNK_OVERHEAD <= d.length()) {
      long length = ImageHeader.u32(d, pos);
      long type = ImageHeader.u32(d, pos + 4);
      if (type == ACTL) {
        return true;
      }
      if (type == IDAT) {
        return false;
      }
      pos += CHUNK_OVERHEAD + length;
    }
    return false;
  }
}
