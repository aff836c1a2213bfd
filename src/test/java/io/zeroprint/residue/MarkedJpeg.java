package io.zeroprint.residue;

import io.netty.buffer.Unpooled;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.BufferConfig;
import io.zeroprint.image.ImageDecoder;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.imageio.ImageIO;

/**
 * A 64×64 JPEG of random noise (so every row of its decoded pixels is unique) with a random raw
 * marker in a comment segment; its pixel marker is from the last row, the one libjpeg's scanline
 * buffer and the JDK reader's row raster are left holding. Its pixel markers are what zeroprint's own decoder (the JDK's libjpeg)
 * makes of the file here, which is what the server's decode holds.
 */
final class MarkedJpeg {
  static final int SIDE = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private MarkedJpeg() {}

  static MarkedPhoto create() {
    BufferedImage noise = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        noise.setRGB(x, y, RANDOM.nextInt(1 << 24));
      }
    }
    byte[] raw = MarkedPhoto.random();
    byte[] jpeg = withComment(encode(noise), raw);
    return MarkedPhoto.of(jpeg, "image/jpeg", raw, decode(jpeg), SIDE, SIDE - 1, SIDE - 2);
  }

  private static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpeg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The marker in a COM segment after the JFIF header (APP0), where readers skip it. */
  private static byte[] withComment(byte[] jpeg, byte[] marker) {
    int afterApp0 = 4 + ((jpeg[4] & 0xff) << 8 | jpeg[5] & 0xff);
    byte[] text = "m:".getBytes(StandardCharsets.US_ASCII);
    int length = 2 + text.length + marker.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, afterApp0);
    out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) (length >> 8), (byte) length});
    out.writeBytes(text);
    out.writeBytes(marker);
    out.write(jpeg, afterApp0, jpeg.length - afterApp0);
    return out.toByteArray();
  }

  private static byte[] decode(byte[] jpeg) {
    SegmentPool pool = new SegmentPool(new BufferConfig(1L << 24, 64 * 1024, 0));
    SegmentBuffer buf = pool.open(Long.MAX_VALUE);
    try {
      buf.append(Unpooled.wrappedBuffer(jpeg));
      try (RgbImage rgb = new ImageDecoder(pool).decode(buf, ImageHeader.read(buf))) {
        return rgb.bytes().clone();
      }
    } finally {
      buf.release();
    }
  }
}
