package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import javax.imageio.stream.ImageOutputStreamImpl;

/**
 * Lets ImageIO's JPEG writer write into off-heap segments. Each array range is zeroed once copied in:
 * the writer hands over its own native output buffer and only refills it, so the encoded photo does
 * not stay in that array after the request.
 */
final class SegmentImageOutputStream extends ImageOutputStreamImpl {
  private final SegmentBuffer data;
  /** A single byte passes through here, zeroed after, not through a new array per byte. */
  private final byte[] one = new byte[1];

  SegmentImageOutputStream(SegmentBuffer data) {
    this.data = data;
  }

  @Override
  public void write(int b) throws java.io.IOException {
    flushBits();
    one[0] = (byte) b;
    data.write(streamPos++, one, 0, 1);
    one[0] = 0;
  }

  @Override
  public void write(byte[] b, int off, int len) throws java.io.IOException {
    flushBits();
    data.write(streamPos, b, off, len);
    streamPos += len;
    java.util.Arrays.fill(b, off, off + len, (byte) 0);
  }

  @Override
  public int read() {
    bitOffset = 0;
    int b = data.readByte(streamPos);
    if (b >= 0) {
      streamPos++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    bitOffset = 0;
    int n = data.read(streamPos, b, off, len);
    if (n > 0) {
      streamPos += n;
    }
    return n;
  }

  @Override
  public long length() {
    return data.length();
  }
}
