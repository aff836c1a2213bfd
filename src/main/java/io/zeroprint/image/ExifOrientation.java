package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import java.util.Optional;

/**
 * Reads tag 0x0112 (Orientation) from an EXIF APP1 payload. Only IFD0 is read; any inconsistency
 * yields "absent" rather than an error, because a broken EXIF block must not reject a good photo.
 */
final class ExifOrientation {
  private static final long EXIF_MAGIC = 0x45786966_0000L; // "Exif\0\0"
  private static final int TAG_ORIENTATION = 0x0112;
  private static final int IFD_ENTRY = 12;
  private static final int MAX_ORIENTATION = 8;

  private ExifOrientation() {}

  static Optional<Integer> read(SegmentBuffer d, long start, int length) {
    if (length < 14 || ((ImageHeader.u32(d, start) << 16) | ImageHeader.u16(d, start + 4)) != EXIF_MAGIC) {
      return Optional.empty();
    }
    long tiff = start + 6;
    long end = start + length;
    boolean little = d.readByte(tiff) == 'I';
    long ifd = tiff + u32(d, tiff + 4, little);
    if (ifd + 2 > end) {
      return Optional.empty();
    }
    int entries = u16(d, ifd, little);
    for (int i = 0; i < entries; i++) {
      long e = ifd + 2 + (long) i * IFD_ENTRY;
      if (e + IFD_ENTRY > end) {
        return Optional.empty();
      }
      if (u16(d, e, little) == TAG_ORIENTATION) {
        int value = u16(d, e + 8, little);
        return value >= 1 && value <= MAX_ORIENTATION ? Optional.of(value) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static int u16(SegmentBuffer d, long pos, boolean little) {
    int v = ImageHeader.u16(d, pos);
    return little ? ((v & 0xff) << 8) | (v >> 8) : v;
  }

  private static long u32(SegmentBuffer d, long pos, boolean little) {
    long hi = u16(d, pos, little);
    long lo = u16(d, pos + 2, little);
    return little ? (lo << 16) | hi : (hi << 16) | lo;
  }
}
