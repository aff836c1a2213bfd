package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Random-access reads over a {@link SegmentBuffer} through one small window filled by bulk reads,
 * so a structure walk costs a few thousand synchronized calls for a whole upload instead of one
 * (allocating) call per byte. The window holds image bytes: {@link #close()} zeroes it.
 */
final class ByteCursor implements AutoCloseable {
  /** Large enough that a walk over tiny segments stays inside one window for thousands of steps. */
  private static final int WINDOW_BYTES = 16 * 1024;

  private static final byte FF = (byte) 0xFF;
  private static final int STUFFED_ZERO = 0x00;
  private static final int RST0 = 0xD0;
  private static final int RST7 = 0xD7;

  private final SegmentBuffer data;
  private final long length;
  private final byte[] window = new byte[WINDOW_BYTES];
  private long windowStart;
  private int windowLength;

  ByteCursor(SegmentBuffer data) {
    this.data = data;
    this.length = data.length();
  }

  long length() {
    return length;
  }

  /** The byte at {@code pos} (0..255), or -1 past the end. */
  int byteAt(long pos) {
    if (pos < 0 || pos >= length) {
      return -1;
    }
    if (pos < windowStart || pos >= windowStart + windowLength) {
      fill(pos);
    }
    return window[(int) (pos - windowStart)] & 0xff;
  }

  /** Big-endian unsigned 16-bit value; {@code CORRUPT_IMAGE} (truncated) past the end. */
  int u16(long pos) {
    int a = byteAt(pos);
    int b = byteAt(pos + 1);
    if ((a | b) < 0) {
      throw ImageHeader.truncated();
    }
    return (a << 8) | b;
  }

  /** Big-endian unsigned 32-bit value; {@code CORRUPT_IMAGE} (truncated) past the end. */
  long u32(long pos) {
    return ((long) u16(pos) << 16) | u16(pos + 2);
  }

  /**
   * Position of the first 0xFF in [{@code from}, end) that is followed by neither 0x00 nor
   * RST0..7, or -1: inside a JPEG scan's entropy-coded data, the next place a marker (or fill)
   * may start. A tight loop over the window, since scan data is most of a JPEG file.
   */
  long nextUnstuffedFf(long from) {
    long pos = Math.max(from, 0);
    while (pos < length) {
      if (pos < windowStart || pos >= windowStart + windowLength) {
        fill(pos);
      }
      int i = (int) (pos - windowStart);
      int last = windowLength - 1;
      while (i < last) {
        if (window[i] != FF) {
          i++;
        } else if (isStuffedOrRestart(window[i + 1] & 0xff)) {
          i += 2;
        } else {
          return windowStart + i;
        }
      }
      pos = windowStart + i;
      if (i == last) { // the pair straddles the window's edge
        if (window[i] != FF) {
          pos++;
        } else if (isStuffedOrRestart(byteAt(pos + 1))) {
          pos += 2;
        } else {
          return pos;
        }
      }
    }
    return -1;
  }

  static boolean isStuffedOrRestart(int b) {
    return b == STUFFED_ZERO || (b >= RST0 && b <= RST7);
  }

  /** Copies {@code len} bytes at {@code pos} to the start of {@code dst}; {@code CORRUPT_IMAGE} if absent. */
  void copy(long pos, byte[] dst, int len) {
    if (pos < 0 || pos + len > length || data.read(pos, dst, 0, len) != len) {
      throw ImageHeader.truncated();
    }
  }

  /** Feeds {@code len} bytes at {@code pos} to {@code crc} through the window. */
  void update(CRC32 crc, long pos, long len) {
    if (pos < 0 || pos + len > length) {
      throw ImageHeader.truncated();
    }
    long done = 0;
    while (done < len) {
      long at = pos + done;
      if (at < windowStart || at >= windowStart + windowLength) {
        fill(at);
      }
      int off = (int) (at - windowStart);
      int n = (int) Math.min(len - done, windowLength - off);
      crc.update(window, off, n);
      done += n;
    }
  }

  @Override
  public void close() {
    Arrays.fill(window, (byte) 0);
    windowLength = 0;
  }

  private void fill(long pos) {
    int n = data.read(pos, window, 0, WINDOW_BYTES);
    windowStart = pos;
    windowLength = Math.max(n, 0);
    if (windowLength == 0) {
      throw ImageHeader.truncated();
    }
  }
}
