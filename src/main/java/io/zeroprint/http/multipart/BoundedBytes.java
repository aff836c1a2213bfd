package io.zeroprint.http.multipart;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small fixed-capacity byte array for what is kept of a part (a header block, the options JSON):
 * never grows, so never leaves an old copy behind, and is zeroed by its owner when done.
 */
final class BoundedBytes {
  private final byte[] bytes;
  private int length;

  BoundedBytes(int capacity) {
    bytes = new byte[capacity];
  }

  /** Appends the readable bytes of {@code data}; false (and nothing appended) if they do not fit. */
  boolean append(ByteBuf data) {
    int n = data.readableBytes();
    if (n > bytes.length - length) {
      return false;
    }
    data.getBytes(data.readerIndex(), bytes, length, n);
    length += n;
    return true;
  }

  /** Appends one byte; false if it does not fit. */
  boolean append(byte b) {
    if (length == bytes.length) {
      return false;
    }
    bytes[length++] = b;
    return true;
  }

  int capacity() {
    return bytes.length;
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
