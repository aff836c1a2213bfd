package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.MemoryAccount;
import io.zeroprint.buffer.SegmentBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;

/**
 * 8-bit RGB/RGBA pixels → PNG in segments, with no metadata. The filtered rows are deflated in
 * {@code chunks} row bands at once (the first on the calling thread, the others on {@code pool}),
 * each band primed with the last 32 KiB of the filtered data before it and ended on a byte boundary
 * (as pigz does), so the bands join into ONE zlib stream with one Adler-32 over everything. Every
 * array that holds image data is a lease, zeroed when the encode ends; each {@code Deflater} is ended.
 */
public final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] IHDR = "IHDR".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] IDAT = "IDAT".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] IEND = "IEND".getBytes(StandardCharsets.US_ASCII);
  private static final int IHDR_BYTES = 13;
  private static final int BIT_DEPTH = 8;
  private static final int COLOUR_RGB = 2;
  private static final int COLOUR_RGBA = 6;
  private static final int RGBA = 4;
  private static final int ZLIB_CMF = 0x78; // deflate, 32 KiB window
  private static final int ZLIB_CHECK = 31;
  private static final int FLEVEL_SHIFT = 6;
  private static final int LEVEL_FAST = 1;
  private static final int LEVEL_DEFAULT = 6;
  private static final int FLEVEL_DEFAULT = 2;
  private static final int FLEVEL_MAX = 3;
  private static final int BYTE = 8;
  private static final int BYTE_MASK = 0xff;

  private final BufferStore store;
  private final ExecutorService pool;

  /** @param pool runs the bands after the first; it may be null when no encode uses more than one band */
  public PngEncoder(BufferStore store, ExecutorService pool) {
    this.store = store;
    this.pool = pool;
  }

  /**
   * Appends the PNG of {@code px} (interleaved RGB, or RGBA when {@code alpha}) to {@code out}.
   *
   * @param level  deflate level 0..9
   * @param chunks row bands deflated at once (1 = one thread), at most the number of rows
   */
  public void encode(byte[] px, int width, int height, boolean alpha, int level, PngFilter filter, int chunks,
      SegmentBuffer out) {
    int bpp = alpha ? RGBA : RgbImage.CHANNELS;
    int stride = width * bpp;
    int bands = Math.max(1, Math.min(chunks, height));
    writeHeader(out, width, height, alpha);
    List<DeflateBand> all = new ArrayList<>(bands);
    List<Future<?>> running = new ArrayList<>(bands);
    try {
      for (int i = 0; i < bands; i++) {
        all.add(new DeflateBand(store, px, stride, bpp, filter, level,
            (int) ((long) height * i / bands), (int) ((long) height * (i + 1) / bands), i == bands - 1));
      }
      all.get(0).writeZlibHeader(zlibHeader(level));
      MemoryAccount account = out.account();
      for (int i = 1; i < bands; i++) {
        DeflateBand band = all.get(i);
        running.add(pool.submit(() -> band.runIn(account)));
      }
      all.get(0).run((bytes, n) -> writeChunk(out, IDAT, bytes, 0, n));
      awaitAll(running);
      int adler = all.get(0).adler();
      for (int i = 1; i < bands; i++) {
        adler = Adler32s.combine(adler, all.get(i).adler(), all.get(i).inputBytes());
      }
      all.get(bands - 1).appendAdler(adler);
      for (DeflateBand band : all) {
        band.drain((bytes, n) -> writeChunk(out, IDAT, bytes, 0, n));
      }
      writeChunk(out, IEND, new byte[0], 0, 0);
    } finally {
      all.forEach(DeflateBand::abort);
      waitQuietly(running);
      all.forEach(DeflateBand::close);
    }
  }

  /** The deflate level's FLEVEL hint in the zlib header (informative only). */
  private static byte[] zlibHeader(int level) {
    int flevel = level < 2 ? 0 : level < LEVEL_DEFAULT ? LEVEL_FAST : level == LEVEL_DEFAULT ? FLEVEL_DEFAULT : FLEVEL_MAX;
    int flg = flevel << FLEVEL_SHIFT;
    flg += ZLIB_CHECK - ((ZLIB_CMF << BYTE) + flg) % ZLIB_CHECK;
    return new byte[] {(byte) ZLIB_CMF, (byte) flg};
  }

  private static void writeHeader(SegmentBuffer out, int width, int height, boolean alpha) {
    out.write(out.length(), SIGNATURE, 0, SIGNATURE.length);
    byte[] ihdr = new byte[IHDR_BYTES];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = BIT_DEPTH;
    ihdr[9] = (byte) (alpha ? COLOUR_RGBA : COLOUR_RGB); // compression, filter method, interlace: 0
    writeChunk(out, IHDR, ihdr, 0, ihdr.length);
  }

  /** Length, type, data, CRC of type and data: the data is copied once, straight into the segments. */
  static void writeChunk(SegmentBuffer out, byte[] type, byte[] data, int off, int len) {
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(data, off, len);
    byte[] word = new byte[4];
    putInt(word, 0, len);
    out.write(out.length(), word, 0, 4);
    out.write(out.length(), type, 0, type.length);
    out.write(out.length(), data, off, len);
    putInt(word, 0, (int) crc.getValue());
    out.write(out.length(), word, 0, 4);
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> BYTE);
    b[off + 3] = (byte) (v & BYTE_MASK);
  }

  private static void awaitAll(List<Future<?>> running) {
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while deflating", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /**
   * After a failure, the bands already running stop at their next row batch and are waited for:
   * their leases and deflaters are released only once no thread uses them.
   */
  private static void waitQuietly(List<Future<?>> running) {
    boolean interrupted = false;
    for (Future<?> f : running) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          break; // reported by awaitAll, or superseded by the failure being thrown
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Receives deflated bytes, {@code bytes[0..length)}, in stream order. */
  interface Sink {
    void accept(byte[] bytes, int length);
  }
}
