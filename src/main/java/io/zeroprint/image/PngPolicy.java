package io.zeroprint.image;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a PNG result is encoded besides its deflate level (a setting): the row filter, and by the
 * image's size how many row bands are deflated at once. The numbers behind the defaults are in
 * bench/PNG.md.
 *
 * @param filter         row filter
 * @param parallelPixels from this many pixels on, the rows are deflated in bands on several threads
 * @param maxBands       bands at most (the calling thread plus the band pool's threads)
 */
public record PngPolicy(PngFilter filter, long parallelPixels, int maxBands) {
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  public static final PngPolicy DEFAULT = new PngPolicy(PngFilter.UP, 1L << 17, CORES);

  /** Row bands for an image of this many pixels: 1 below {@code parallelPixels}. */
  public int bands(long pixels) {
    return pixels < parallelPixels ? 1 : maxBands;
  }

  /** Threads for the bands after the first, shared by every encoder: daemon, one fewer than the cores. */
  static ExecutorService bandPool() {
    return BandPool.POOL;
  }

  private static final class BandPool {
    private static final AtomicInteger N = new AtomicInteger();
    static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, CORES - 1), r -> {
      Thread t = new Thread(r, "zeroprint-png-" + N.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
