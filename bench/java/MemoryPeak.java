import io.micrometer.core.instrument.Gauge;
import io.zeroprint.ZeroprintServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 6: memory while 8 concurrent ~10 MiB uploads are in the server, in two phases, each in
 * its own JVM with a fresh in-process server (so RSS, heap and the pool high-water mark start clean):
 *
 * <ol>
 *   <li>{@code ingest}: 8 connections upload the 10 MiB PNG to {@code /v1/bench/ingest} over and over
 *       (wrk) — the upload path end to end, every upload fully processed;</li>
 *   <li>{@code enhance}: 8 concurrent uploads of the same PNG to {@code /v1/enhance?scale=2} (curl):
 *       all 8 are received and admitted (1 running, 7 queued holding their uploads), the first is
 *       decoded and upscaled while memory is sampled for a fixed window; then the clients disconnect,
 *       which cancels every job, and the pool must drain to 0. Finishing all 8 (3.5 MP → 14 MP each,
 *       tens of seconds apiece here) would not fit the harness's time budget; the window covers the peak
 *       shape: a full queue plus one job's source and result pixels and tiles.</li>
 * </ol>
 *
 * <p>Both phases send the in-process server's development token. An error answer in either phase
 * (wrk's status error count; an enhance client that got any answer before the window ended, since
 * all 8 must still be waiting for their results) stops the run: a 401 or 429 would leave the
 * memory of fewer uploads to measure.
 *
 * <p>Args: {@code RESULTS_FILE INPUT_DIR WRK_LUA ingest|enhance SECONDS} (wrk's duration for
 * {@code ingest}, the sampling window for {@code enhance}).
 */
public final class MemoryPeak {
  private static final int UPLOADS = 8;
  private static final String IMAGE = "noise-10MiB.png";
  private static final long ADMIT_TIMEOUT_MS = 60_000;
  private static final long DRAIN_TIMEOUT_SECONDS = 60;
  private static final long POLL_MS = 20;
  /** wrk-post.lua's counters when every answer was 2xx and no connection failed. */
  private static final String WRK_NO_ERRORS = " non2xx=0 socket_errors=0 timeouts=0 ";

  public static void main(String[] args) throws Exception {
    Results results = Results.fromArg(args[0]);
    Path image = Path.of(args[1]).resolve(IMAGE);
    Path lua = Path.of(args[2]);
    int seconds = Integer.parseInt(args[4]);
    results.put("memory.upload_bytes", Files.size(image));
    switch (args[3]) {
      case "ingest" -> ingestPhase(results, image, lua, seconds);
      case "enhance" -> enhancePhase(results, image, TimeUnit.SECONDS.toMillis(seconds));
      default -> throw new IllegalArgumentException("phase: ingest | enhance");
    }
  }

  private static void ingestPhase(Results results, Path image, Path lua, int seconds) throws Exception {
    ZeroprintServer server = InProcessServer.start(Map.of("ZEROPRINT_HTTP_INGEST_BENCHMARK_ROUTE", "true"));
    try {
      MemorySampler.Snapshot before = MemorySampler.now();
      String url = "http://127.0.0.1:" + server.port() + "/v1/bench/ingest";
      ProcessBuilder wrk = new ProcessBuilder("wrk", "-t1", "-c" + UPLOADS, "-d" + seconds + "s", "--timeout", "30s",
          "-s", lua.toString(), url).redirectErrorStream(true);
      wrk.environment().put("BODY", image.toString());
      wrk.environment().put("CTYPE", "image/png");
      wrk.environment().put("TOKEN", InProcessServer.token(server));
      String out;
      try (MemorySampler sampler = new MemorySampler(server.store())) {
        Process p = wrk.start();
        out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        report(results, "memory.ingest", sampler, before, server);
      }
      String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
          .orElseThrow(() -> new IllegalStateException("wrk failed: " + out));
      if (!line.contains(WRK_NO_ERRORS)) {
        throw new IllegalStateException("wrk saw errors: " + line);
      }
      results.put("memory.ingest.requests", line.replaceAll(".*requests=(\\d+).*", "$1"));
      awaitDrained(results, "memory.ingest", server);
    } finally {
      InProcessServer.stop(server);
    }
  }

  private static void enhancePhase(Results results, Path image, long holdMs) throws Exception {
    ZeroprintServer server = InProcessServer.start(Map.of());
    List<Process> clients = new ArrayList<>();
    try {
      MemorySampler.Snapshot before = MemorySampler.now();
      String url = "http://127.0.0.1:" + server.port() + "/v1/enhance?scale=2";
      try (MemorySampler sampler = new MemorySampler(server.store())) {
        for (int i = 0; i < UPLOADS; i++) {
          clients.add(new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
              "-H", "Content-Type: image/png", "-H", "Authorization: Bearer " + InProcessServer.token(server),
              "--data-binary", "@" + image, url).redirectErrorStream(true).start());
        }
        long admittedAt = awaitAdmitted(server);
        results.put("memory.enhance.admit_ms", admittedAt);
        Thread.sleep(holdMs);
        report(results, "memory.enhance", sampler, before, server);
        for (Process p : clients) {
          if (!p.isAlive()) { // answered before its job could finish: refused (401, 429, 503, ...)
            throw new IllegalStateException("an enhance upload was answered early with status "
                + new String(p.getInputStream().readAllBytes()).trim());
          }
        }
        results.put("memory.enhance.upscale_running", server.metrics().get("zeroprint.stage").tag("stage", "upscale")
            .timer().count() == 0 ? "yes (first job still in upscale)" : "no");
      }
      clients.forEach(Process::destroy); // disconnect: the server cancels the jobs and releases their memory
      for (Process p : clients) {
        p.waitFor(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      awaitDrained(results, "memory.enhance", server);
    } finally {
      clients.forEach(Process::destroyForcibly);
      InProcessServer.stop(server);
    }
  }

  /** Milliseconds until all uploads are received and admitted as jobs (running or queued). */
  private static long awaitAdmitted(ZeroprintServer server) throws InterruptedException {
    Gauge admitted = server.metrics().get("zeroprint.jobs.admitted").gauge();
    long start = System.nanoTime();
    while (admitted.value() < UPLOADS) {
      if (System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(ADMIT_TIMEOUT_MS)) {
        throw new IllegalStateException("only " + admitted.value() + " of " + UPLOADS + " uploads admitted");
      }
      Thread.sleep(POLL_MS);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static void report(Results results, String key, MemorySampler s, MemorySampler.Snapshot before,
      ZeroprintServer server) {
    results.put(key + ".rss_before_bytes", before.rss());
    results.put(key + ".heap_committed_before_bytes", before.heapCommitted());
    results.put(key + ".rss_peak_bytes", s.maxRss);
    results.put(key + ".heap_used_peak_bytes", s.maxHeapUsed);
    results.put(key + ".heap_committed_peak_bytes", s.maxHeapCommitted);
    results.put(key + ".direct_peak_bytes", s.maxDirect);
    results.put(key + ".pool_in_use_peak_bytes", s.maxPoolInUse);
    results.put(key + ".pool_high_water_bytes", server.store().stats().highWaterBytes());
  }

  private static void awaitDrained(Results results, String key, ZeroprintServer server) throws Exception {
    long start = System.nanoTime();
    server.store().whenDrained().get(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    results.put(key + ".drain_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    results.put(key + ".in_use_after_bytes", server.store().stats().inUseBytes());
  }
}
