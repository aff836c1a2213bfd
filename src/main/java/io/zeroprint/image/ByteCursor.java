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

  /** Position of the first {@code value} byte in [{@code from}, end), or -1: a tight loop per window. */
  long indexOf(int value, long from) {
    byte b = (byte) value;
    long pos = Math.max(from, 0);
    while (pos < length) {
      if (pos < windowStart || pos >= windowStart + windowLength) {
        fill(pos);
      }
      int start = (int) (pos - windowStart);
      for (int i = start; i < windowLength; i++) {
        if (window[i] == b) {
          return windowStart + i;
        }
      }
      pos = windowStart + windowLength;
    }
    return -1;
  }

  /** Copies {@code len} bytes at {@code pos} into {@code dst}; {@code CORRUPT_IMAGE} if they are not all there. */
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
