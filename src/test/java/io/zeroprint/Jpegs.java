package io.zeroprint;

import java.io.ByteArrayOutputStream;

/** Test-side JPEG surgery on marker segments (no re-encoding, so pixels stay identical). */
final class Jpegs {
  private static final int APP1 = 0xE1;
  private static final int APP2 = 0xE2;
  private static final int SOS = 0xDA;

  private Jpegs() {}

  /** The same JPEG without its APP2 (ICC profile) segments. */
  static byte[] withoutIccProfile(byte[] jpeg) {
    return withoutSegments(jpeg, APP2);
  }

  /** The same JPEG with {@code segment} (a full APPn segment incl. marker) inserted after SOI. */
  static byte[] withSegmentAfterSoi(byte[] jpeg, byte[] segment) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(segment);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** An APP1 EXIF segment holding only IFD0 with Orientation = {@code orientation} (big-endian TIFF). */
  static byte[] exifOrientation(int orientation) {
    byte[] tiff = {
        'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at offset 8
        0, 1, // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, count 1
        0, 0, 0, 0}; // no next IFD
    int length = 2 + 6 + tiff.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(APP1);
    out.write(length >> 8);
    out.write(length & 0xff);
    out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    out.writeBytes(tiff);
    return out.toByteArray();
  }

  private static byte[] withoutSegments(byte[] jpeg, int marker) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    int pos = 2;
    while (pos + 4 <= jpeg.length) {
      int m = jpeg[pos + 1] & 0xff;
      if (m == SOS) {
        break;
      }
      int len = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
      if (m != marker) {
        out.write(jpeg, pos, 2 + len);
      }
      pos += 2 + len;
    }
    out.write(jpeg, pos, jpeg.length - pos);
    return out.toByteArray();
  }
}
