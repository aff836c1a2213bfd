package io.zeroprint.image;

import java.util.Optional;

/**
 * Reads tag 0x0112 (Orientation) from an EXIF APP1 payload. Only IFD0 is read and no IFD pointer is
 * ever followed, so a looping or dangling IFD chain costs nothing; every offset is checked against
 * the payload, so the walk is at most one pass over IFD0's entries. Any inconsistency yields
 * "absent" rather than an error, because a broken EXIF block must not reject a good photo.
 */
final class ExifOrientation {
  private static final byte[] EXIF_MAGIC = {'E', 'x', 'i', 'f', 0, 0};
  private static final int TIFF_START = EXIF_MAGIC.length;
  private static final int TIFF_HEADER = 8;
  private static final int TIFF_MAGIC = 42;
  private static final int TAG_ORIENTATION = 0x0112;
  private static final int IFD_ENTRY = 12;
  private static final int ENTRY_VALUE = 8;
  private static final int MAX_ORIENTATION = 8;

  private ExifOrientation() {}

  /** {@code payload[0..length)} is the APP1 segment's content (after its length field). */
  static Optional<Integer> read(byte[] payload, int length) {
    if (length < TIFF_START + TIFF_HEADER || !startsWithMagic(payload)) {
      return Optional.empty();
    }
    Tiff t = new Tiff(payload, TIFF_START, length);
    int order = t.raw16(0);
    if (order != 0x4949 && order != 0x4D4D) { // "II" little-endian, "MM" big-endian
      return Optional.empty();
    }
    if (t.u16(2) != TIFF_MAGIC) {
      return Optional.empty();
    }
    long ifd = t.u32(4);
    if (ifd < TIFF_HEADER || ifd + 2 > t.size()) {
      return Optional.empty();
    }
    int entries = t.u16((int) ifd);
    long maxEntries = (t.size() - ifd - 2) / IFD_ENTRY; // a count larger than the payload is a lie
    for (int i = 0; i < Math.min(entries, maxEntries); i++) {
      int e = (int) ifd + 2 + i * IFD_ENTRY;
      if (t.u16(e) == TAG_ORIENTATION) {
        int value = t.u16(e + ENTRY_VALUE);
        return value >= 1 && value <= MAX_ORIENTATION ? Optional.of(value) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean startsWithMagic(byte[] payload) {
    for (int i = 0; i < EXIF_MAGIC.length; i++) {
      if (payload[i] != EXIF_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** The TIFF structure inside the payload; offsets are relative to its start, as EXIF defines them. */
  private record Tiff(byte[] b, int start, int end) {
    int size() {
      return end - start;
    }

    boolean little() {
      return b[start] == 'I';
    }

    int raw16(int off) {
      return ((b[start + off] & 0xff) << 8) | (b[start + off + 1] & 0xff);
    }

    int u16(int off) {
      int v = raw16(off);
      return little() ? ((v & 0xff) << 8) | (v >> 8) : v;
    }

    long u32(int off) {
      long hi = u16(off);
      long lo = u16(off + 2);
      return little() ? (lo << 16) | hi : (hi << 16) | lo;
    }
  }
}
