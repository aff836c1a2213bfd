package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;

/** JPEG: walks the marker segments up to the first SOFn (size) and reads EXIF orientation on the way. */
final class JpegHeader {
  private static final int MARKER = 0xFF;
  private static final int APP1 = 0xE1;
  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;
  private static final int ORIENTATION_AS_STORED = 1;

  private JpegHeader() {}

  static ImageHeader read(SegmentBuffer d) {
    long pos = 2;
    int orientation = ORIENTATION_AS_STORED;
    while (true) {
      if (d.readByte(pos) != MARKER) {
        throw new ProblemException(ErrorCode.CORRUPT_IMAGE, "The JPEG has a damaged marker.");
      }
      int marker = d.readByte(pos + 1);
      while (marker == MARKER) {
        pos++;
        marker = d.readByte(pos + 1);
      }
      if (marker < 0) {
        throw ImageHeader.truncated();
      }
      if (marker == SOS || marker == EOI) {
        throw new ProblemException(ErrorCode.CORRUPT_IMAGE, "The JPEG has no frame header.");
      }
      int length = ImageHeader.u16(d, pos + 2);
      if (isStartOfFrame(marker)) {
        int height = ImageHeader.u16(d, pos + 5);
        int width = ImageHeader.u16(d, pos + 7);
        return new ImageHeader(ImageFormat.JPEG, width, height, orientation, false);
      }
      if (marker == APP1) {
        orientation = ExifOrientation.read(d, pos + 4, length - 2).orElse(orientation);
      }
      pos += 2 + length;
    }
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }
}
