package io.zeroprint.http.multipart;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small byte array with a hard limit for what is kept of a part (a header block, the options JSON).
 * It starts small, so a typical request pays little; when it grows, the old array is zeroed before it
 * is dropped, so no copy is left behind, and its owner zeroes the last one when done.
 */
final class BoundedBytes {
  private static final int INITIAL = 512;

  private final int limit;
  private byte[] bytes;
  private int length;

  BoundedBytes(int limit) {
    this.limit = limit;
    this.bytes = new byte[Math.min(INITIAL, limit)];
  }

  /** Appends the readable bytes of {@code data}; false (and nothing appended) past the limit. */
  boolean append(ByteBuf data) {
    int n = data.readableBytes();
    if (!room(n)) {
      return false;
    }
    data.getBytes(data.readerIndex(), bytes, length, n);
    length += n;
    return true;
  }

  /** Appends one byte; false past the limit. */
  boolean append(byte b) {
    if (!room(1)) {
      return false;
    }
    bytes[length++] = b;
    return true;
  }

  private boolean room(int n) {
    if (n > limit - length) {
      return false;
    }
    if (length + n > bytes.length) {
      byte[] larger = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(length + n, 2L * bytes.length)));
      Arrays.fill(bytes, (byte) 0);
      bytes = larger;
    }
    return true;
  }

  int limit() {
    return limit;
  }

  int length() {
    return length;
  }

  byte at(int index) {
    return bytes[index];
  }

  /** True if the content ends with {@code suffix}. */
  boolean endsWith(byte[] suffix) {
    return length >= suffix.length
        && Arrays.equals(bytes, length - suffix.length, length, suffix, 0, suffix.length);
  }

  String latin1(int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }

  String utf8() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  void zero() {
    Arrays.fill(bytes, 0, length, (byte) 0);
    length = 0;
  }
}
