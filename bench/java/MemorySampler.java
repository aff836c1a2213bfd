import io.netty.util.internal.PlatformDependent;
import io.zeroprint.buffer.BufferStore;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples this process's memory every few milliseconds on a daemon thread and keeps the maxima:
 * resident set (everything, TensorFlow's native memory included), Java heap in use (live and not yet
 * collected), direct memory (NIO's counter plus Netty's counter for its cleaner-less buffers, where
 * zeroprint's pool segments live) and the pool's own bytes in use.
 */
final class MemorySampler implements AutoCloseable {
  private static final long PERIOD_MS = 10;
  private static final long KIB = 1024;
  private static final Path STATUS = Path.of("/proc/self/status");

  private final BufferStore store;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final BufferPoolMXBean nioDirect = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
      .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
  private final Thread thread;
  private volatile boolean running = true;
  volatile long maxRss;
  volatile long maxHeapUsed;
  volatile long maxHeapCommitted;
  volatile long maxDirect;
  volatile long maxPoolInUse;

  MemorySampler(BufferStore store) {
    this.store = store;
    this.thread = new Thread(this::loop, "memory-sampler");
    this.thread.setDaemon(true);
    sample();
    this.thread.start();
  }

  /** What the process holds right now, before any load. */
  record Snapshot(long rss, long heapCommitted) {}

  static Snapshot now() {
    return new Snapshot(rssBytes(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted());
  }

  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * KIB;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  long directBytes() {
    return nioDirect.getMemoryUsed() + Math.max(0, PlatformDependent.usedDirectMemory());
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    maxRss = Math.max(maxRss, rssBytes());
    maxHeapUsed = Math.max(maxHeapUsed, memory.getHeapMemoryUsage().getUsed());
    maxHeapCommitted = Math.max(maxHeapCommitted, memory.getHeapMemoryUsage().getCommitted());
    maxDirect = Math.max(maxDirect, directBytes());
    maxPoolInUse = Math.max(maxPoolInUse, store.stats().inUseBytes());
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
  }
}
