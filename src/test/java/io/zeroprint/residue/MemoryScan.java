package io.zeroprint.residue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts byte markers in a live process's writable memory ({@code /proc/PID/mem}, same user), per
 * region class: the Java heap (the range {@code jcmd GC.heap_info} reports) or native memory
 * (malloc arenas, direct buffers, library data). One pass over memory finds every marker.
 */
final class MemoryScan {
  enum Region { JAVA_HEAP, NATIVE }

  private static final Pattern HEAP_RANGE = Pattern.compile("\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)");
  private static final int BLOCK = 8 << 20;

  private MemoryScan() {}

  /** marker → region → copies. */
  static Map<byte[], Map<Region, Integer>> count(long pid, List<byte[]> markers) throws IOException, InterruptedException {
    long[] heap = javaHeap(pid);
    Map<byte[], Map<Region, Integer>> counts = new HashMap<>();
    List<byte[]>[] byPrefix = index(markers);
    int overlap = markers.stream().mapToInt(m -> m.length).max().orElse(1) - 1;
    try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"), StandardCharsets.US_ASCII)) {
        String[] f = line.trim().split("\\s+");
        if (f[1].charAt(0) != 'r' || f[1].charAt(1) != 'w' || f.length > 5 && f[5].startsWith("[v")) {
          continue; // a request's bytes are written somewhere: code, mapped files and guard pages are skipped
        }
        String[] range = f[0].split("-");
        long lo = Long.parseUnsignedLong(range[0], 16);
        long hi = Long.parseUnsignedLong(range[1], 16);
        Region region = lo >= heap[0] && hi <= heap[1] ? Region.JAVA_HEAP : Region.NATIVE;
        scan(mem, lo, hi, overlap, byPrefix, (m) -> counts.computeIfAbsent(m, k -> new HashMap<>()).merge(region, 1, Integer::sum));
      }
    }
    return counts;
  }

  private interface Hit {
    void found(byte[] marker);
  }

  private static void scan(RandomAccessFile mem, long lo, long hi, int overlap, List<byte[]>[] byPrefix, Hit hit) {
    byte[] buf = new byte[BLOCK + overlap];
    for (long at = lo; at < hi; at += BLOCK) {
      int n;
      try {
        mem.seek(at);
        n = mem.read(buf, 0, (int) Math.min(buf.length, hi - at));
      } catch (IOException e) {
        return; // a region that cannot be read (e.g. a guard page)
      }
      int last = Math.min(n, BLOCK); // a hit starting in the overlap is counted by the next block
      for (int i = 0; i < last && i + 1 < n; i++) {
        List<byte[]> candidates = byPrefix[(buf[i] & 0xff) << 8 | buf[i + 1] & 0xff];
        if (candidates != null) {
          for (byte[] m : candidates) {
            if (matches(buf, i, n, m)) {
              hit.found(m);
            }
          }
        }
      }
    }
  }

  private static boolean matches(byte[] buf, int at, int n, byte[] m) {
    if (at + m.length > n) {
      return false;
    }
    for (int k = 2; k < m.length; k++) {
      if (buf[at + k] != m[k]) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static List<byte[]>[] index(List<byte[]> markers) {
    List<byte[]>[] t = new List[1 << 16];
    for (byte[] m : markers) {
      int k = (m[0] & 0xff) << 8 | m[1] & 0xff;
      if (t[k] == null) {
        t[k] = new ArrayList<>();
      }
      t[k].add(m);
    }
    return t;
  }

  /** The Java heap's address range, as the JVM itself reports it. */
  private static long[] javaHeap(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd did not answer");
    }
    Matcher m = HEAP_RANGE.matcher(out);
    if (!m.find()) {
      throw new IOException("no heap range in: " + out);
    }
    return new long[] {Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)};
  }
}
