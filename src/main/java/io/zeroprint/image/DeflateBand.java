package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.MemoryAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.Deflater;

/**
 * Rows {@code [from, to)} of an image, filtered and raw-deflated into leased blocks. A band after the
 * first is primed with the last 32 KiB of the filtered rows before it (it filters them again: the
 * filters only look one row up), and every band but the last ends with a sync flush, so the bands'
 * outputs concatenate into one deflate stream. Not thread-safe: one thread runs it, then another
 * drains it once that run has completed.
 */
final class DeflateBand implements AutoCloseable {
  /** Output block size at most, and so the IDAT chunk size. */
  static final int BLOCK = 128 * 1024;
  private static final int WINDOW = 32 * 1024;
  /** Filtered rows are deflated in batches of about this many bytes. */
  private static final int BATCH = 64 * 1024;
  private static final int ADLER_BYTES = 4;
  /** Room beyond a small band's filtered size: deflate's framing, the zlib header, stored-block overhead. */
  private static final int SMALL_SLACK = 1024;

  private final BufferStore store;
  private final byte[] px;
  private final int stride;
  private final int bpp;
  private final PngFilter filter;
  private final int from;
  private final int to;
  private final boolean last;
  /** This band's output block size: {@link #BLOCK}, or less for a small band (leases count against the budget). */
  private final int blockBytes;
  private final Deflater deflater;
  private final Adler32 adler = new Adler32();
  private final List<ByteLease> full = new ArrayList<>();
  private ByteLease in;
  private ByteLease scratch;
  private ByteLease block;
  private int used;
  private long inputBytes;
  private volatile boolean aborted;

  DeflateBand(BufferStore store, byte[] px, int stride, int bpp, PngFilter filter, int level, int from, int to,
      boolean last) {
    this.store = store;
    this.px = px;
    this.stride = stride;
    this.bpp = bpp;
    this.filter = filter;
    this.from = from;
    this.to = to;
    this.last = last;
    this.blockBytes = (int) Math.min(BLOCK, (long) (to - from) * (stride + 1) + SMALL_SLACK);
    this.deflater = new Deflater(level, true);
  }

  /** Puts the zlib header before this band's output (the first band's). */
  void writeZlibHeader(byte[] header) {
    ensureBlock(null);
    System.arraycopy(header, 0, block.bytes(), used, header.length);
    used += header.length;
  }

  /** Runs on a pool thread, with the leases it takes attributed to the request's account. */
  void runIn(MemoryAccount account) {
    try (MemoryAccount.Scope s = account == null ? null : account.enter()) {
      run(null);
    }
  }

  /**
   * Filters and deflates the band. With a {@code sink}, each block is handed over as soon as it is
   * full and then reused (the first band streams straight into the result); without, blocks are kept
   * for {@link #drain}.
   */
  void run(PngEncoder.Sink sink) {
    int rowBytes = stride + 1;
    scratch = filter == PngFilter.ADAPTIVE ? store.leaseBytes(filter.scratchBytes(stride)) : null;
    if (from > 0) {
      prime(rowBytes);
    }
    int rows = Math.min(to - from, Math.max(1, BATCH / rowBytes));
    in = store.leaseBytes(rows * rowBytes);
    byte[] buf = in.bytes();
    for (int y = from; y < to && !aborted; y += rows) {
      int n = 0;
      for (int r = y; r < Math.min(to, y + rows); r++) {
        n += filter.filterRow(px, r, stride, bpp, buf, n, scratchBytes());
      }
      adler.update(buf, 0, n);
      inputBytes += n;
      deflater.setInput(buf, 0, n);
      while (!deflater.needsInput()) {
        deflateInto(sink, Deflater.NO_FLUSH);
      }
    }
    if (last) {
      deflater.finish();
      while (!deflater.finished()) {
        deflateInto(sink, Deflater.NO_FLUSH);
      }
    } else {
      while (deflateInto(sink, Deflater.SYNC_FLUSH)) {
        // the output filled the block: more may be pending
      }
    }
  }

  /** The deflate dictionary: the last 32 KiB of the filtered rows before this band. */
  private void prime(int rowBytes) {
    int rows = Math.min(from, (WINDOW + rowBytes - 1) / rowBytes);
    try (ByteLease dict = store.leaseBytes(rows * rowBytes)) {
      byte[] d = dict.bytes();
      int n = 0;
      for (int r = from - rows; r < from; r++) {
        n += filter.filterRow(px, r, stride, bpp, d, n, scratchBytes());
      }
      int len = Math.min(n, WINDOW);
      deflater.setDictionary(d, n - len, len);
    }
  }

  private byte[] scratchBytes() {
    return scratch == null ? null : scratch.bytes();
  }

  /** One deflate call into the current block; true when it filled the block (output may be pending). */
  private boolean deflateInto(PngEncoder.Sink sink, int flush) {
    ensureBlock(sink);
    int room = blockBytes - used;
    int n = deflater.deflate(block.bytes(), used, room, flush);
    used += n;
    return n == room;
  }

  private void ensureBlock(PngEncoder.Sink sink) {
    if (block != null && used < blockBytes) {
      return;
    }
    if (block != null && sink != null) {
      sink.accept(block.bytes(), used);
      used = 0;
      return;
    }
    if (block != null) {
      full.add(block);
    }
    block = store.leaseBytes(blockBytes + ADLER_BYTES); // room for the stream's checksum after the last block
    used = 0;
  }

  void abort() {
    aborted = true;
  }

  int adler() {
    return (int) adler.getValue();
  }

  long inputBytes() {
    return inputBytes;
  }

  /** Ends the zlib stream (the last band's): the Adler-32 of all bands, big-endian. */
  void appendAdler(int value) {
    if (block == null) {
      ensureBlock(null);
    }
    PngEncoder.putInt(block.bytes(), used, value);
    used += ADLER_BYTES;
  }

  /** Hands over the blocks not yet streamed, in order. */
  void drain(PngEncoder.Sink sink) {
    for (ByteLease b : full) {
      sink.accept(b.bytes(), blockBytes);
    }
    if (block != null && used > 0) {
      sink.accept(block.bytes(), used);
    }
  }

  /** Ends the deflater (its native memory is freed, unzeroed: zlib offers no way to wipe it) and zeroes every lease. */
  @Override
  public void close() {
    deflater.end();
    full.forEach(ByteLease::close);
    if (block != null) {
      block.close();
    }
    if (in != null) {
      in.close();
    }
    if (scratch != null) {
      scratch.close();
    }
  }
}
