package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;

/**
 * What an image's structure says before anything is decoded: format, stored dimensions, EXIF
 * orientation and whether it is animated. Reading it walks the file's whole structure once, with
 * every count bounded, so size limits are enforced before a decoder allocates a single pixel and
 * no decoder is handed a file whose structure could stall it.
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

  /**
   * Scans the structure and parses the header: {@code UNSUPPORTED_IMAGE_FORMAT}, or
   * {@code CORRUPT_IMAGE} when the structure is damaged or past one of the scan's limits.
   */
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

  static ProblemException truncated() {
    return corrupt("The image ends before its structure is complete.");
  }

  /** A structural fault; {@code detail} names the rule or limit broken, never the input's content. */
  static ProblemException corrupt(String detail) {
    return new ProblemException(ErrorCode.CORRUPT_IMAGE, detail);
  }
}
