package io.zeroprint.residue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A photo to upload and the markers to look for in the server's memory afterwards, each
 * {@link #MARKER} bytes: {@link #raw} only in the file's bytes; {@link #pixels} in its decoded
 * pixels (any copy of a marked row); {@link #image}, the end of a marked row followed by the start
 * of the next, which only a whole decoded image laid out as zeroprint's pixel leases hold it carries
 * (a codec's row arrays, its inflate window and libjpeg's scanline buffer hold one row at a time,
 * PNG rows with a filter byte between them); {@link #floats}, the start of a marked row as the
 * float32 values a model's input tile holds.
 */
record MarkedPhoto(byte[] file, String contentType, byte[] raw, byte[] pixels, byte[] image, byte[] floats) {
  static final int MARKER = 24;
  private static final SecureRandom RANDOM = new SecureRandom();

  static byte[] random() {
    byte[] b = new byte[MARKER];
    RANDOM.nextBytes(b);
    return b;
  }

  /**
   * The markers of an RGB image, {@code rgb} being its rows one after another: the pixels from the
   * middle of row {@code y}, the whole-image seam from the end of row {@code seam} into the next.
   */
  static MarkedPhoto of(byte[] file, String contentType, byte[] raw, byte[] rgb, int width, int y, int seam) {
    int stride = width * 3;
    int mid = y * stride + stride / 2;
    byte[] pixels = Arrays.copyOfRange(rgb, mid, mid + MARKER);
    byte[] image = Arrays.copyOfRange(rgb, (seam + 1) * stride - MARKER / 2, (seam + 1) * stride + MARKER / 2);
    ByteBuffer floats = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    for (int i = 0; i < 4; i++) {
      floats.putFloat(rgb[y * stride + i] & 0xff);
    }
    return new MarkedPhoto(file, contentType, raw, pixels, image, floats.array());
  }

  /** The same markers for a result: its decoded pixels (from the middle row) and the whole-image seam there. */
  static byte[][] ofResult(byte[] rgb, int width, int height) {
    MarkedPhoto m = of(new byte[0], "", new byte[0], rgb, width, height / 2, height / 2);
    return new byte[][] {m.pixels(), m.image()};
  }
}
