package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;

/**
 * What the first bytes of an image say before anything is decoded: format, stored dimensions, EXIF
 * orientation and whether it is animated. Read straight from the buffer with no copy, so size
 * limits are enforced before a decoder allocates a single pixel.
 *
 * @param orientation EXIF orientation 1..8 (1 = as stored)
 */
public record ImageHeader(ImageFormat format, int width, int height, int orientation, boolean animated) {

  public long pixels() {
    return (long) width * height;
  }

  /** Width once the EXIF orientation is applied. */
  public int displayWidth() {
    return orientation >= 5 ? height : width;
  }

  public int displayHeight() {
    return orientation >= 5 ? width : height;
  }

  /** Parses the header; {@code UNSUPPORTED_IMAGE_FORMAT} or {@code CORRUPT_IMAGE} when it can't. */
  public static ImageHeader read(SegmentBuffer data) {
    ImageFormat format = ImageFormat.sniff(data).orElseThrow(() -> new ProblemException(ErrorCode.UNSUPPORTED_IMAGE_FORMAT));
    ImageHeader header = switch (format) {
      case PNG -> PngHeader.read(data);
      case JPEG -> JpegHeader.read(data);
    };
    if (header.width() <= 0 || header.height() <= 0) {
      throw new ProblemException(ErrorCode.CORRUPT_IMAGE, "The image header declares no pixels.");
    }
    return header;
  }

  static int u16(SegmentBuffer d, long pos) {
    int a = d.readByte(pos);
    int b = d.readByte(pos + 1);
    if ((a | b) < 0) {
      throw truncated();
    }
    return (a << 8) | b;
  }

  static long u32(SegmentBuffer d, long pos) {
    return ((long) u16(d, pos) << 16) | u16(d, pos + 2);
  }

  static ProblemException truncated() {
    return new ProblemException(ErrorCode.CORRUPT_IMAGE, "The image ends inside its header.");
  }
}
