package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import java.util.Arrays;

/**
 * JPEG: walks the whole marker structure from SOI to EOI (segments before the frame, between frame
 * and scans, between scans, and the entropy-coded data of every scan) so that no decoder ever sees
 * a file whose structure is unbounded. Every count is capped (see {@link JpegLimits}); the walk is
 * one pass over the file through a small window. Size comes from the frame header, orientation from
 * EXIF before it. Bytes after EOI (multi-picture secondary images, motion-photo video) are ignored,
 * as the decoder ignores them.
 */
final class JpegHeader {
  private static final int MARKER = 0xFF;
  private static final int TEM = 0x01;
  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int DQT = 0xDB;
  private static final int DHT = 0xC4;
  private static final int DRI = 0xDD;
  private static final int APP0 = 0xE0;
  private static final int APP1 = 0xE1;
  private static final int APP2 = 0xE2;
  private static final int APP15 = 0xEF;
  private static final int COM = 0xFE;
  private static final int SEGMENT_HEADER = 4; // marker + 16-bit length
  private static final int ORIENTATION_AS_STORED = 1;
  private static final int MAX_SEGMENT_PAYLOAD = 0xFFFF - 2; // the 16-bit length counts itself
  private static final byte[] EXIF_TAG = {'E', 'x', 'i', 'f', 0, 0};
  private static final byte[] ICC_TAG = {'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0};

  private final ByteCursor c;
  private final JpegLimits.Counts counts = new JpegLimits.Counts();
  private JpegFrame frame;
  private int orientation = ORIENTATION_AS_STORED;
  private byte[] exif;

  private JpegHeader(ByteCursor c) {
    this.c = c;
  }

  static ImageHeader read(SegmentBuffer d) {
    try (ByteCursor c = new ByteCursor(d)) {
      return new JpegHeader(c).walk();
    }
  }

  private ImageHeader walk() {
    long pos = 2; // after SOI
    while (true) {
      pos = skipFill(pos);
      int marker = c.byteAt(pos + 1);
      if (marker < 0) {
        throw ImageHeader.truncated();
      }
      if (marker == EOI) {
        return finish();
      }
      if (!hasLength(marker)) {
        throw ImageHeader.corrupt("The JPEG has a marker where none may be.");
      }
      int length = c.u16(pos + 2);
      long next = pos + 2 + length;
      if (length < 2) {
        throw ImageHeader.corrupt("The JPEG has a segment with an impossible length.");
      }
      if (next > c.length()) {
        throw ImageHeader.truncated();
      }
      counts.segment();
      pos = segment(marker, pos, length, next);
    }
  }

  /** Handles one segment; returns where the next marker starts. */
  private long segment(int marker, long pos, int length, long next) {
    if (JpegFrame.isStartOfFrame(marker)) {
      if (frame != null) {
        throw ImageHeader.corrupt("The JPEG has more than one frame.");
      }
      frame = JpegFrame.read(c, marker, pos + SEGMENT_HEADER, length - 2);
      return next;
    }
    switch (marker) {
      case SOS -> {
        if (frame == null) {
          throw ImageHeader.corrupt("The JPEG has scan data before its frame header.");
        }
        counts.scan();
        frame.checkScan(c, pos + SEGMENT_HEADER, length - 2);
        return skipEntropyCodedData(next);
      }
      case DQT -> counts.quantTables();
      case DHT -> counts.huffmanTables();
      case DRI, COM -> { }
      default -> {
        if (marker < APP0 || marker > APP15) {
          // DNL, DAC, hierarchical and reserved markers: nothing the decoder can use.
          throw ImageHeader.corrupt("The JPEG uses a marker this server does not decode.");
        }
        application(marker, pos + SEGMENT_HEADER, length - 2);
      }
    }
    return next;
  }

  private void application(int marker, long payload, int length) {
    // Orientation is taken from EXIF ahead of the frame header, where encoders put it.
    if (marker == APP1 && frame == null && startsWith(payload, length, EXIF_TAG)) {
      if (exif == null) {
        exif = new byte[MAX_SEGMENT_PAYLOAD];
      }
      try {
        c.copy(payload, exif, length);
        orientation = ExifOrientation.read(exif, length).orElse(orientation);
      } finally {
        Arrays.fill(exif, 0, length, (byte) 0); // image metadata: never left lying in the heap
      }
    } else if (marker == APP2 && startsWith(payload, length, ICC_TAG)) {
      counts.iccBytes(length - ICC_TAG.length);
    }
  }

  private boolean startsWith(long pos, int length, byte[] tag) {
    if (length < tag.length) {
      return false;
    }
    for (int i = 0; i < tag.length; i++) {
      if (c.byteAt(pos + i) != (tag[i] & 0xff)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Skips a scan's entropy-coded data: a 0xFF there is followed by 0x00 (a stuffed data byte), by
   * RST0..7 (a restart inside the scan) or, after optional fill bytes, by the marker that ends the
   * scan. Returns the position of that marker's 0xFF.
   */
  private long skipEntropyCodedData(long from) {
    long pos = from;
    while (true) {
      long ff = c.nextUnstuffedFf(pos);
      if (ff < 0) {
        throw ImageHeader.truncated();
      }
      long after = ff + 1;
      while (c.byteAt(after) == MARKER) { // the decoder swallows repeated 0xFF the same way
        counts.fill();
        after++;
      }
      int next = c.byteAt(after);
      if (next < 0) {
        throw ImageHeader.truncated();
      }
      if (!ByteCursor.isStuffedOrRestart(next)) {
        return after - 1;
      }
      pos = after + 1; // 0xFF 0xFF.. 0x00 is still a stuffed data byte to the decoder
    }
  }

  /** At a marker: any 0xFF fill bytes before it are counted and skipped; returns the marker's 0xFF. */
  private long skipFill(long pos) {
    int b = c.byteAt(pos);
    if (b < 0) {
      throw ImageHeader.truncated();
    }
    if (b != MARKER) {
      throw ImageHeader.corrupt("The JPEG has a damaged marker.");
    }
    long at = pos;
    while (c.byteAt(at + 1) == MARKER) {
      counts.fill();
      at++;
    }
    return at;
  }

  private ImageHeader finish() {
    if (frame == null) {
      throw ImageHeader.corrupt("The JPEG has no frame header.");
    }
    if (counts.scans() == 0) {
      throw ImageHeader.corrupt("The JPEG has no image data.");
    }
    return new ImageHeader(ImageFormat.JPEG, frame.width(), frame.height(), orientation, false);
  }

  /** SOI, TEM, RSTn and 0x00 carry no length; only EOI (handled above) may appear between segments. */
  private static boolean hasLength(int marker) {
    return marker != SOI && marker != TEM && !ByteCursor.isStuffedOrRestart(marker);
  }
}
