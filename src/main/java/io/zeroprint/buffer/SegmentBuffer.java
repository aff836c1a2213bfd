package io.zeroprint.buffer;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.List;

/**
 * Image bytes in off-heap segments taken from the {@link SegmentPool}: growing never copies, and
 * {@link #release()} zeroes every segment. Random access lets ImageIO read and write it in place.
 * Methods are synchronized so a release can never free memory under a concurrent read.
 */
public final class SegmentBuffer implements AutoCloseable {
  private final SegmentPool pool;
  private final int segmentBytes;
  private final long maxBytes;
  private final MemoryAccount account;
  private final List<ByteBuf> segments = new ArrayList<>();
  private long length;
  private boolean released;

  SegmentBuffer(SegmentPool pool, int segmentBytes, long maxBytes, MemoryAccount account) {
    this.pool = pool;
    this.segmentBytes = segmentBytes;
    this.maxBytes = maxBytes;
    this.account = account;
  }

  /**
   * The account this buffer's segments are attributed to (fixed when it was opened), or null. Lets
   * whoever receives the buffer, such as the worker taking a job's upload, enter the same account.
   */
  public MemoryAccount account() {
    return account;
  }

  public synchronized long length() {
    return length;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Appends the readable bytes of {@code src} (not consumed); {@link CapacityExceeded} past the cap. */
  public synchronized void append(ByteBuf src) {
    int n = src.readableBytes();
    ensureRoom(length + n);
    int from = src.readerIndex();
    while (n > 0) {
      ByteBuf seg = segmentFor(length);
      int chunk = Math.min(n, seg.writableBytes());
      seg.writeBytes(src, from, chunk);
      from += chunk;
      n -= chunk;
      length += chunk;
    }
  }

  /** Copies up to {@code len} bytes at {@code pos} into {@code dst}; returns how many, or -1 at the end. */
  public synchronized int read(long pos, byte[] dst, int off, int len) {
    checkLive();
    if (pos >= length) {
      return -1;
    }
    int total = (int) Math.min(len, length - pos);
    int done = 0;
    while (done < total) {
      ByteBuf seg = segments.get((int) ((pos + done) / segmentBytes));
      int inSeg = (int) ((pos + done) % segmentBytes);
      int chunk = Math.min(total - done, segmentBytes - inSeg);
      seg.getBytes(inSeg, dst, off + done, chunk);
      done += chunk;
    }
    return total;
  }

  /** Writes at {@code pos} (≤ length), growing the buffer as needed. */
  public synchronized void write(long pos, byte[] src, int off, int len) {
    if (pos > length) {
      throw new IllegalArgumentException("write past the end");
    }
    ensureRoom(pos + len);
    int done = 0;
    while (done < len) {
      long at = pos + done;
      ByteBuf seg = segmentFor(at);
      int inSeg = (int) (at % segmentBytes);
      int chunk = Math.min(len - done, segmentBytes - inSeg);
      seg.setBytes(inSeg, src, off + done, chunk);
      if (inSeg + chunk > seg.writerIndex()) {
        seg.writerIndex(inSeg + chunk);
      }
      done += chunk;
    }
    length = Math.max(length, pos + len);
  }

  /**
   * Cuts the content back to {@code newLength} (≤ length): the bytes past it are zeroed at once and
   * whole segments no longer needed go back to the pool. Lets a resumable upload drop a chunk it
   * did not acknowledge without touching the bytes it did.
   */
  public synchronized void truncate(long newLength) {
    checkLive();
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException("truncate outside the content");
    }
    int keep = (int) ((newLength + segmentBytes - 1) / segmentBytes);
    while (segments.size() > keep) {
      pool.giveBack(segments.remove(segments.size() - 1), account);
    }
    if (keep > 0) {
      ByteBuf last = segments.get(keep - 1);
      int inSeg = (int) (newLength - (long) (keep - 1) * segmentBytes);
      if (last.writerIndex() > inSeg) {
        last.setZero(inSeg, last.writerIndex() - inSeg);
        last.writerIndex(inSeg);
      }
    }
    length = newLength;
  }

  /** The byte at {@code pos} (0..255), or -1 at the end; read in place, with no array for it. */
  public synchronized int readByte(long pos) {
    checkLive();
    if (pos < 0 || pos >= length) {
      return -1;
    }
    return segments.get((int) (pos / segmentBytes)).getByte((int) (pos % segmentBytes)) & 0xff;
  }

  /**
   * Views of the content for writing to a socket. They share this buffer's memory and cannot be
   * released by Netty: the caller releases this buffer once the write has completed.
   */
  public synchronized List<Buffer> views() {
    checkLive();
    List<Buffer> out = new ArrayList<>(segments.size());
    long left = length;
    for (ByteBuf seg : segments) {
      int n = (int) Math.min(left, segmentBytes);
      if (n > 0) {
        out.add(BufferInternal.buffer(seg.slice(0, n)));
      }
      left -= n;
    }
    return out;
  }

  /** Zeroes and returns every segment; safe to call more than once and from any thread. */
  public synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    for (ByteBuf seg : segments) {
      pool.giveBack(seg, account);
    }
    segments.clear();
    length = 0;
  }

  public synchronized boolean isReleased() {
    return released;
  }

  @Override
  public void close() {
    release();
  }

  private void ensureRoom(long newLength) {
    checkLive();
    if (newLength > maxBytes) {
      throw new CapacityExceeded(maxBytes);
    }
  }

  private ByteBuf segmentFor(long pos) {
    int index = (int) (pos / segmentBytes);
    while (segments.size() <= index) {
      segments.add(pool.takeSegment(account));
    }
    return segments.get(index);
  }

  private void checkLive() {
    if (released) {
      throw new IllegalStateException("buffer already released");
    }
  }
}
