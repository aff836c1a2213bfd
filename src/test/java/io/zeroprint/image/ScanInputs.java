package io.zeroprint.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netty.buffer.Unpooled;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.BufferConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32;

/** Builds image bytes in memory (never on disk) and runs the header scan over them. */
public final class ScanInputs {
  static final SegmentPool POOL = new SegmentPool(new BufferConfig(1L << 30, 64 * 1024, 0));
  /** Only a guard against a hang; the scan itself takes milliseconds. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(5);

  private ScanInputs() {}

  public static byte[] resource(String name) {
    try (InputStream in = ScanInputs.class.getResourceAsStream("/images/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SegmentBuffer buffer(byte[] bytes) {
    SegmentBuffer buf = POOL.open(Long.MAX_VALUE);
    buf.append(Unpooled.wrappedBuffer(bytes));
    return buf;
  }

  static ImageHeader header(byte[] bytes) {
    SegmentBuffer buf = buffer(bytes);
    try {
      return assertTimeoutPreemptively(HANG_GUARD, () -> ImageHeader.read(buf));
    } finally {
      buf.release();
    }
  }

  /** Asserts the scan refuses {@code bytes} with {@code code}; returns the public detail. */
  static String refused(ErrorCode code, byte[] bytes) {
    SegmentBuffer buf = buffer(bytes);
    try {
      ProblemException e = assertTimeoutPreemptively(HANG_GUARD,
          () -> assertThrows(ProblemException.class, () -> ImageHeader.read(buf)));
      assertEquals(code, e.code(), e.detail());
      return e.detail();
    } finally {
      buf.release();
    }
  }

  static String corrupt(byte[] bytes) {
    return refused(ErrorCode.CORRUPT_IMAGE, bytes);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  public static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }

  public static byte[] repeat(byte[] unit, int times) {
    byte[] out = new byte[unit.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(unit, 0, out, i * unit.length, unit.length);
    }
    return out;
  }

  public static byte[] filled(int length, int value) {
    byte[] out = new byte[length];
    java.util.Arrays.fill(out, (byte) value);
    return out;
  }

  /** A JPEG marker segment: 0xFF, marker, 16-bit length, payload. */
  public static byte[] segment(int marker, byte[] payload) {
    int length = payload.length + 2;
    return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, payload);
  }

  /** A PNG chunk with its correct CRC. */
  public static byte[] chunk(String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    return concat(ByteBuffer.allocate(4).putInt(data.length).array(), t, data,
        ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
