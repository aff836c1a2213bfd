import com.sun.management.ThreadMXBean;
import io.zeroprint.ZeroprintServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Benchmark 2: Java heap allocated by the server per uploaded MiB on the ingest path
 * ({@code POST /v1/bench/ingest}), raw and multipart, 1 MiB and 20 MiB bodies.
 *
 * <p>The server runs in this JVM so two exact-enough counters are at hand: the total comes from
 * {@link ThreadMXBean#getThreadAllocatedBytes} summed over the server's threads (names starting
 * {@code vert.x-}; the client's threads are excluded), and the breakdown by allocation site from JFR
 * {@code jdk.ObjectAllocationInNewTLAB}/{@code OutsideTLAB} events on those threads (each TLAB refill
 * is charged to the allocation that triggered it, so shares are statistical but unbiased). The same
 * recording samples the server threads' CPU ({@code jdk.ExecutionSample}) and reports the share of
 * the samples that were verifying the bearer token (vertx-auth-jwt on the stack): the per-request
 * cost that small bodies cannot amortise. (Bulk copies and zeroing run as intrinsics that the
 * sampler mostly does not see, so no share is reported for them.)
 *
 * <p>Args: {@code RESULTS_FILE INPUT_DIR}.
 */
public final class IngestHeap {
  private static final String SERVER_THREAD_PREFIX = "vert.x-";
  private static final long MIB = 1 << 20;
  /** Enough uploaded bytes per case that per-request constants are visible but do not dominate. */
  private static final long MEASURED_BYTES = 200 * MIB;
  /** JIT-compile the path first: interpreted code allocates differently (no escape analysis). */
  private static final long WARM_UP_BYTES = 300 * MIB;
  private static final int TOP_SITES = 6;
  private static final int HTTP_NO_CONTENT = 204;
  private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
  /** Shorter than JFR's default 20 ms so a few seconds of uploads give a few hundred samples. */
  private static final Duration CPU_SAMPLE_PERIOD = Duration.ofMillis(10);
  /** Frames that mark a CPU sample as token verification. */
  private static final String AUTH_FRAMES = "io.vertx.ext.auth.";
  private static final String[] SIZES = {"1MiB", "20MiB"};
  private static final String[] FORMATS = {"raw", "multipart"};
  /** Packages whose frames only carry an allocation out (not the reason for it). */
  private static final String[] PLUMBING = {"java.", "jdk.", "sun.", "io.netty.buffer.", "io.netty.util.",
      "io.vertx.core.buffer.", "io.vertx.core.impl.buffer.", "io.vertx.core.internal.buffer."};

  public static void main(String[] args) throws Exception {
    Results results = Results.fromArg(args[0]);
    Path inputs = Path.of(args[1]);
    String multipartType = Files.readString(inputs.resolve("multipart.ctype")).trim();
    ZeroprintServer server = InProcessServer.start(Map.of("ZEROPRINT_HTTP_INGEST_BENCHMARK_ROUTE", "true"));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/bench/ingest");
    String authorization = "Bearer " + InProcessServer.token(server);
    try {
      for (String format : FORMATS) {
        String type = format.equals("raw") ? "image/png" : multipartType;
        for (String size : SIZES) {
          byte[] body = Files.readAllBytes(inputs.resolve("ingest-" + size + "." + format));
          upload(client, uri, authorization, type, body, WARM_UP_BYTES / body.length);
        }
        for (String size : SIZES) {
          byte[] body = Files.readAllBytes(inputs.resolve("ingest-" + size + "." + format));
          measure(results, "heap." + format + "." + size, client, uri, authorization, type, body);
        }
      }
    } finally {
      InProcessServer.stop(server);
    }
  }

  private static void measure(Results results, String key, HttpClient client, URI uri, String authorization,
      String type, byte[] body) throws Exception {
    long requests = Math.max(1, MEASURED_BYTES / body.length);
    Path jfr = Files.createTempFile("ingest-heap", ".jfr");
    try (Recording rec = new Recording()) {
      rec.enable("jdk.ObjectAllocationInNewTLAB").withStackTrace();
      rec.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
      rec.enable(EXECUTION_SAMPLE).withPeriod(CPU_SAMPLE_PERIOD);
      rec.start();
      long before = serverAllocatedBytes();
      long cpuBefore = serverCpuNanos();
      upload(client, uri, authorization, type, body, requests);
      long allocated = serverAllocatedBytes() - before;
      long cpu = serverCpuNanos() - cpuBefore;
      rec.stop();
      rec.dump(jfr);
      double uploadedMib = (double) requests * body.length / MIB;
      results.put(key + ".requests", requests);
      results.put(key + ".uploaded_mib", uploadedMib);
      results.put(key + ".heap_mib_per_mib", allocated / (double) MIB / uploadedMib);
      // CPU time, unlike wall time, hardly moves with what else the shared machine runs.
      results.put(key + ".server_cpu_ms_per_mib", cpu / 1e6 / uploadedMib);
      breakdown(results, key, jfr, uploadedMib);
    } finally {
      Files.deleteIfExists(jfr);
    }
  }

  private static void upload(HttpClient client, URI uri, String authorization, String type, byte[] body, long times)
      throws Exception {
    HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", type).header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    for (long i = 0; i < times; i++) {
      HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
      if (resp.statusCode() != HTTP_NO_CONTENT) { // 401/429 would measure the guards, not the upload path
        throw new IllegalStateException("ingest answered " + resp.statusCode());
      }
    }
  }

  /** Bytes allocated so far by the server's threads (event loops and workers). */
  private static long serverAllocatedBytes() {
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(SERVER_THREAD_PREFIX)) {
        total += Math.max(0, mx.getThreadAllocatedBytes(t.getId()));
      }
    }
    return total;
  }

  /** CPU time used so far by the server's threads, in nanoseconds. */
  private static long serverCpuNanos() {
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(SERVER_THREAD_PREFIX)) {
        total += Math.max(0, mx.getThreadCpuTime(t.getId()));
      }
    }
    return total;
  }

  /** Top allocation sites (allocating frame, and the first Vert.x/zeroprint caller) in MiB per uploaded MiB. */
  private static void breakdown(Results results, String key, Path jfr, double uploadedMib) throws Exception {
    Map<String, Long> bySite = new HashMap<>();
    long sampled = 0;
    long cpuSamples = 0;
    long authSamples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (e.getEventType().getName().equals(EXECUTION_SAMPLE)) {
        if (isServerThread(e.getThread("sampledThread"))) {
          cpuSamples++;
          authSamples += hasFrame(e, AUTH_FRAMES) ? 1 : 0;
        }
        continue;
      }
      if (!isServerThread(e.getThread())) {
        continue;
      }
      long bytes = e.getEventType().getName().endsWith("InNewTLAB") ? e.getLong("tlabSize") : e.getLong("allocationSize");
      sampled += bytes;
      bySite.merge(site(e), bytes, Long::sum);
    }
    List<Map.Entry<String, Long>> top = new ArrayList<>(bySite.entrySet());
    top.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    results.put(key + ".jfr_mib_per_mib", sampled / (double) MIB / uploadedMib);
    results.put(key + ".cpu_samples", cpuSamples);
    results.put(key + ".cpu_auth_share", authSamples / (double) Math.max(1, cpuSamples));
    for (int i = 0; i < Math.min(TOP_SITES, top.size()); i++) {
      results.put(key + ".site." + i + ".name", top.get(i).getKey());
      results.put(key + ".site." + i + ".mib_per_mib", top.get(i).getValue() / (double) MIB / uploadedMib);
    }
  }

  private static boolean isServerThread(RecordedThread t) {
    return t != null && t.getJavaName() != null && t.getJavaName().startsWith(SERVER_THREAD_PREFIX);
  }

  private static boolean hasFrame(RecordedEvent e, String typePrefix) {
    return e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
        .anyMatch(f -> f.getMethod().getType().getName().startsWith(typePrefix));
  }

  /**
   * "who asked ⇐ what allocated": the first frame outside allocation plumbing (JDK, Netty and Vert.x
   * buffer classes), then the allocating frame itself, so a heap copy is named by the code that made it.
   */
  private static String site(RecordedEvent e) {
    if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
      return "(no stack)";
    }
    List<RecordedFrame> frames = e.getStackTrace().getFrames();
    String top = frame(frames.get(0));
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      if (!isPlumbing(type)) {
        String caller = frame(f);
        return caller.equals(top) ? top : caller + " ⇐ " + top;
      }
    }
    return top;
  }

  private static boolean isPlumbing(String type) {
    for (String prefix : PLUMBING) {
      if (type.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String frame(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + ":" + f.getLineNumber();
  }
}
