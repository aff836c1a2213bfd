package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import java.util.zip.CRC32;

/**
 * PNG: walks every chunk from IHDR to IEND, checking each chunk's CRC and the counts in
 * {@link PngLimits}, so no decoder ever sees a file whose structure is unbounded. IHDR gives the
 * size; an {@code acTL} chunk before the first IDAT marks an animated PNG. Bytes after IEND are
 * ignored, as the decoder ignores them.
 */
final class PngHeader {
  private static final long FIRST_CHUNK = 8;
  private static final int CHUNK_OVERHEAD = 12; // length, type, CRC
  private static final int IHDR = 0x49484452;
  private static final int PLTE = 0x504C5445;
  private static final int IDAT = 0x49444154;
  private static final int IEND = 0x49454E44;
  private static final int ACTL = 0x6163544C;
  private static final int FCTL = 0x6663544C;
  private static final int FDAT = 0x66644154;
  private static final int TEXT = 0x74455874;
  private static final int ZTXT = 0x7A545874;
  private static final int ITXT = 0x69545874;
  private static final int ICCP = 0x69434350;
  private static final int ORIENTATION_AS_STORED = 1;

  private final ByteCursor c;
  private final CRC32 crc = new CRC32();
  private PngIhdr ihdr;
  private boolean animated;
  private boolean palette;
  private boolean inImageData;
  private boolean imageDataEnded;
  private int chunks;
  private int metadataChunks;
  private long textBytes;
  private long iccBytes;

  private PngHeader(ByteCursor c) {
    this.c = c;
  }

  static ImageHeader read(SegmentBuffer d) {
    try (ByteCursor c = new ByteCursor(d)) {
      return new PngHeader(c).walk();
    }
  }

  private ImageHeader walk() {
    long maxChunks = PngLimits.maxChunks(c.length());
    long pos = FIRST_CHUNK;
    while (true) {
      long length = c.u32(pos);
      int type = (int) c.u32(pos + 4);
      if (length > PngLimits.MAX_UNSIGNED_31) {
        throw ImageHeader.corrupt("The PNG has a chunk longer than the format allows.");
      }
      long next = pos + CHUNK_OVERHEAD + length;
      if (next > c.length()) {
        throw ImageHeader.truncated();
      }
      if (++chunks > maxChunks) {
        throw ImageHeader.corrupt("The PNG has more than one chunk per " + PngLimits.BYTES_PER_CHUNK
            + " bytes of file.");
      }
      checkType(pos + 4);
      checkCrc(pos, length);
      if (chunks == 1) {
        if (type != IHDR) {
          throw ImageHeader.corrupt("The PNG does not start with an IHDR chunk.");
        }
        ihdr = PngIhdr.read(c, pos + 8, length);
      } else if (type == IEND) {
        return finish(length);
      } else {
        chunk(type, length);
      }
      pos = next;
    }
  }

  private void chunk(int type, long length) {
    if (type == IDAT) {
      if (imageDataEnded) {
        throw ImageHeader.corrupt("The PNG's image data is not contiguous.");
      }
      inImageData = true;
      return;
    }
    if (inImageData) {
      inImageData = false;
      imageDataEnded = true;
    }
    switch (type) {
      case IHDR -> throw ImageHeader.corrupt("The PNG has more than one IHDR chunk.");
      case PLTE -> {
        if (palette || imageDataEnded) {
          throw ImageHeader.corrupt("The PNG has a misplaced palette.");
        }
        palette = true;
      }
      case ACTL -> animated |= !imageDataEnded; // only an acTL before the image data makes an APNG
      case TEXT, ZTXT, ITXT -> textBytes = capped(textBytes + length, PngLimits.MAX_TEXT_BYTES, "text");
      case ICCP -> iccBytes = capped(iccBytes + length, PngLimits.MAX_ICC_BYTES, "colour profile");
      default -> { }
    }
    if (type != FCTL && type != FDAT && ++metadataChunks > PngLimits.MAX_METADATA_CHUNKS) {
      throw ImageHeader.corrupt("The PNG has more than " + PngLimits.MAX_METADATA_CHUNKS + " metadata chunks.");
    }
  }

  private ImageHeader finish(long length) {
    if (length != 0) {
      throw ImageHeader.corrupt("The PNG has a malformed IEND chunk.");
    }
    if (ihdr.indexed() && !palette) {
      throw ImageHeader.corrupt("The PNG is indexed but has no palette.");
    }
    // A PNG without IDAT passes: it holds nothing a decoder could spend time on, the decoder reports
    // it as corrupt, and the size limits can still be reported first.
    return new ImageHeader(ImageFormat.PNG, ihdr.width(), ihdr.height(), ORIENTATION_AS_STORED, animated);
  }

  private static long capped(long total, long max, String what) {
    if (total > max) {
      throw ImageHeader.corrupt("The PNG's " + what + " chunks hold more than " + max + " bytes.");
    }
    return total;
  }

  /** Chunk types are four ASCII letters. */
  private void checkType(long at) {
    for (int i = 0; i < 4; i++) {
      int b = c.byteAt(at + i) & ~0x20; // upper-case
      if (b < 'A' || b > 'Z') {
        throw ImageHeader.corrupt("The PNG has a chunk with an invalid type.");
      }
    }
  }

  /** The CRC covers type and data; checking it costs one pass (CRC32 is an intrinsic, GB/s). */
  private void checkCrc(long pos, long length) {
    crc.reset();
    c.update(crc, pos + 4, 4 + length);
    if (crc.getValue() != c.u32(pos + 8 + length)) {
      throw ImageHeader.corrupt("The PNG has a chunk whose checksum does not match.");
    }
  }
}
