package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import javax.imageio.stream.ImageOutputStreamImpl;

/** Lets ImageIO encoders write (and seek back, as the PNG writer does) into off-heap segments. */
final class SegmentImageOutputStream extends ImageOutputStreamImpl {
  private final SegmentBuffer data;
  private final boolean zeroWhatIsWritten;
  /** A single byte passes through here, zeroed after, not through a new array per byte. */
  private final byte[] one = new byte[1];

  /**
   * @param zeroWhatIsWritten zero each array range once it is copied in: for a writer that hands over
   *     its own buffer and only refills it (the JPEG writer's native output buffer), so the encoded
   *     photo does not stay in that array after the request
   */
  SegmentImageOutputStream(SegmentBuffer data, boolean zeroWhatIsWritten) {
    this.data = data;
    this.zeroWhatIsWritten = zeroWhatIsWritten;
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
    if (zeroWhatIsWritten) {
      java.util.Arrays.fill(b, off, off + len, (byte) 0);
    }
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
