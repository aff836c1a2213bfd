package io.zeroprint;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Hand-made inputs: hostile headers, truncations, small synthetic images. */
public final class TestImages {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private TestImages() {}

  /** A PNG that is only a signature, an IHDR declaring {@code w}×{@code h} and IEND: no pixel data. */
  public static byte[] pngHeaderOnly(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PNG_SIGNATURE);
    chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0)
        .put((byte) 0).put((byte) 0).array());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** A valid PNG with an {@code acTL} chunk before its pixel data: an animated PNG. */
  public static byte[] animatedPng() {
    byte[] still = encode(gradient(8, 8), "png");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int ihdrEnd = PNG_SIGNATURE.length + 12 + 13;
    out.write(still, 0, ihdrEnd);
    chunk(out, "acTL", ByteBuffer.allocate(8).putInt(2).putInt(0).array());
    out.write(still, ihdrEnd, still.length - ihdrEnd);
    return out.toByteArray();
  }

  public static byte[] truncated(byte[] image, double keep) {
    return Arrays.copyOf(image, (int) (image.length * keep));
  }

  /** Random pixels: a PNG of these barely compresses, so its size is about 3 bytes a pixel. */
  public static BufferedImage noise(int w, int h, long seed) {
    java.util.Random r = new java.util.Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return img;
  }

  public static BufferedImage gradient(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, ((x * 255 / Math.max(1, w - 1)) << 16) | ((y * 255 / Math.max(1, h - 1)) << 8) | 0x40);
      }
    }
    return img;
  }

  public static byte[] encode(BufferedImage img, String format) {
    ImageIO.setUseCache(false); // ImageIO would otherwise spool the stream through a temporary file
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalArgumentException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
