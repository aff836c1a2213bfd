package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * Lets ImageIO read straight from off-heap segments. ImageIO's own stream wrappers would cache the
 * bytes in a temp file (its default) or in heap blocks we cannot zero; this one caches nothing.
 */
final class SegmentImageInputStream extends ImageInputStreamImpl {
  private final SegmentBuffer data;
  /** A single byte passes through here, zeroed after, not through a new array per byte. */
  private final byte[] one = new byte[1];

  SegmentImageInputStream(SegmentBuffer data) {
    this.data = data;
  }

  @Override
  public int read() {
    bitOffset = 0;
    if (data.read(streamPos, one, 0, 1) != 1) {
      return -1;
    }
    int b = one[0] & 0xff;
    one[0] = 0;
    streamPos++;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
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

  @Override
  public boolean isCached() {
    return false;
  }
}
