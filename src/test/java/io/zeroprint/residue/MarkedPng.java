package io.zeroprint.residue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * A 64×64 PNG carrying two random 24-byte markers: the raw one in a tEXt chunk (so in the uploaded
 * bytes only), the pixel one as the pixels of every 8th row, 8 times per row (so one decoded copy
 * of the image holds it 64 times).
 */
final class MarkedPng {
  static final int SIDE = 64;
  private static final int MARKER = MarkedPhoto.MARKER;
  /** Copies of the pixel marker in one decoded image. */
  static final int PIXEL_HITS_PER_IMAGE = SIDE / 8 * (SIDE * 3 / MARKER);

  private MarkedPng() {}

  static MarkedPhoto create() {
    byte[] raw = MarkedPhoto.random();
    byte[] pixels = MarkedPhoto.random();
    ByteArrayOutputStream rows = new ByteArrayOutputStream();
    for (int y = 0; y < SIDE; y++) {
      rows.write(0); // filter: none
      for (int x = 0; x < SIDE * 3; x++) {
        rows.write(y % 8 == 0 ? pixels[x % MARKER] : (x * 7 + y) & 0xff);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(SIDE).putInt(SIDE).put((byte) 8).put((byte) 2).array());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    text.writeBytes("Comment\0".getBytes(StandardCharsets.ISO_8859_1));
    text.writeBytes(raw);
    chunk(png, "tEXt", text.toByteArray());
    chunk(png, "IDAT", deflate(rows.toByteArray()));
    chunk(png, "IEND", new byte[0]);
    byte[] rgb = new byte[SIDE * SIDE * 3];
    byte[] filtered = rows.toByteArray();
    for (int y = 0; y < SIDE; y++) {
      System.arraycopy(filtered, y * (SIDE * 3 + 1) + 1, rgb, y * SIDE * 3, SIDE * 3);
    }
    return MarkedPhoto.of(png.toByteArray(), "image/png", raw, rgb, SIDE, 0, 0);
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static byte[] deflate(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
      z.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
