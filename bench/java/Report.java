import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns one run's results file into {@code bench/RESULTS.md} (and prints it): machine and settings,
 * the targets with met/missed, the seven tables, and for each missed target the measured reason and
 * what would close it. Targets are shown, never asserted. Sections: {@link IngestReport} (1, 2),
 * {@link ModelReport} (3, 4, 5, 7), memory (6) here.
 *
 * <p>Args: {@code RESULTS_FILE RESULTS_MD}.
 */
public final class Report extends ReportSection {
  private Report(State state) {
    super(state);
  }

  public static void main(String[] args) throws Exception {
    Report r = new Report(new State());
    try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
      r.p.load(in);
    }
    String text = r.build();
    Files.writeString(Path.of(args[1]), text);
    System.out.println(text);
  }

  String build() {
    IngestReport ingest = new IngestReport(state);
    ModelReport model = new ModelReport(state);
    StringBuilder body = new StringBuilder();
    swap(body, ingest::ingest);
    swap(body, ingest::heap);
    swap(body, model::overhead);
    swap(body, model::peer);
    swap(body, model::latency);
    swap(body, this::memory);
    swap(body, model::efficiency);
    swap(body, new ProfileReport(state)::profile);
    header();
    md.append(body);
    why();
    return md.toString();
  }

  /** Runs a section into its own buffer, so the targets summary can be written above all sections. */
  private void swap(StringBuilder into, Runnable section) {
    int start = md.length();
    section.run();
    into.append(md, start, md.length());
    md.setLength(start);
  }

  // ------------------------------------------------------------------------------------------
  void header() {
    line("# zeroprint benchmarks — results");
    line("");
    line("Produced by `bash bench/run.sh` (see bench/README.md) on " + s("meta.date") + ", commit `" + s("meta.commit")
        + "`, in " + s("meta.wall_seconds") + " s wall time. One run; every comparison below was measured in that "
        + "run, side by side (interleaved where possible), because this 2-core machine is shared and noisy. "
        + "Upscaling quality (the models against bicubic and the tfjs peer, MAXIM's tile seams) is measured apart, "
        + "by `bash bench/fidelity.sh`: [FIDELITY.md](FIDELITY.md). The PNG encoder's settings were chosen from "
        + "`PngEncodeCost.java`'s measurements: [PNG.md](PNG.md).");
    line("");
    line("## Machine and settings");
    line("");
    table("what", "value");
    row("CPU", s("meta.cpu") + " × " + s("meta.cores") + " cores; SIMD flags: " + s("meta.simd").trim()
        + (s("meta.simd").contains("avx512f") ? "" : " (no AVX-512)"));
    row("memory", s("meta.memory"));
    row("kernel", s("meta.kernel"));
    row("JDK", s("meta.jdk"));
    row("load tools", s("meta.wrk") + " (ingest, memory), " + s("meta.hey") + " (upscale, latency), curl, "
        + "java.net.http (heap run)");
    row("peer", "Node " + s("peer.node_version") + ", @tensorflow/tfjs " + s("peer.tfjs_version")
        + " + tfjs-backend-wasm " + s("peer.wasm_version") + " (SIMD " + s("peer.simd") + ", multithread "
        + s("peer.multithread") + "), @upscalerjs/esrgan-slim " + s("peer.model_version"));
    row("load average (1/5/15 min) at start / end", s("meta.load_start") + " / " + s("meta.load_end"));
    row("zeroprint settings", "defaults (conf/zeroprint.json): worker.poolSize 1, worker.queueSize 8 (the bounded "
        + "queue), TF intra-op " + s("bare.intra_op_threads").replace(".00000", "") + " / inter-op "
        + s("bare.inter_op_threads").replace(".00000", "") + ", http.instances 0 (one per core), "
        + "worker.tileOutputSide 1024, models.upscaleTileSide 256, full upscale tiles on the XLA-compiled session "
        + "(models.upscaleCompile startup), PNG output; ingest route on for benchmark 1");
    row("auth and abuse limits", "development mode: every request to zeroprint carries its ES256 bearer token, "
        + "verified per request (the comparison servers get the same header and ignore it); abuse checks run "
        + "with raised limits so none refuses: `" + s("meta.server_env").trim() + "`");
    row("harness durations", "`" + s("meta.settings") + "`");
    line("");
    line("## Targets");
    line("");
    table("target", "measured", "verdict");
    targets.forEach(t -> row(t[0], t[1], t[2]));
    line("");
  }

  // ------------------------------------------------------------------------------------------
  void memory() {
    line("## 6. Memory with 8 concurrent ~10 MiB uploads");
    line("");
    line("In-process server (fresh for each phase); a sampler reads RSS (`/proc/self/status`), heap in use, and "
        + "direct memory (NIO + Netty's counter for cleaner-less buffers) every 10 ms. Upload: a real PNG of "
        + "random pixels, " + mib("memory.upload_bytes") + " MiB (1870×1870). **ingest**: 8 connections upload it "
        + "to `/v1/bench/ingest` over and over for the stated seconds (" + f0(d("memory.ingest.requests"))
        + " uploads completed). **enhance**: 8 clients upload it to `/v1/enhance?scale=2` at once; all 8 are "
        + "admitted (1 running, 7 queued holding their uploads — " + f0(d("memory.enhance.admit_ms"))
        + " ms to get there) and memory is sampled while the first is decoded and upscaled (upscale still running "
        + "at the end of the window: " + s("memory.enhance.upscale_running") + "); then the clients disconnect, "
        + "every job is cancelled and the pool must drain. Finishing all eight 3.5 MP → 14 MP upscales would take "
        + "~8 × " + f0(noiseImageSeconds()) + " s at this run's bare-model rate, past the harness's budget; the window holds the peak shape (full queue + one "
        + "job's source pixels, result pixels and tiles; only the encode buffer of that job is missing).");
    line("");
    table("phase", "RSS before", "peak RSS", "peak heap used", "heap committed before → peak", "peak direct",
        "pool high-water", "pool in use after", "drained in");
    for (String phase : new String[] {"ingest", "enhance"}) {
      String k = "memory." + phase;
      row(phase, mb(k + ".rss_before_bytes"), mb(k + ".rss_peak_bytes"), mb(k + ".heap_used_peak_bytes"),
          mb(k + ".heap_committed_before_bytes") + " → " + mb(k + ".heap_committed_peak_bytes"),
          mb(k + ".direct_peak_bytes"), mb(k + ".pool_high_water_bytes"), f0(d(k + ".in_use_after_bytes")) + " B",
          f0(d(k + ".drain_ms")) + " ms");
    }
    line("");
    line("MB = 10⁶ bytes. The pool high-water mark is zeroprint's own accounting of image memory (upload "
        + "segments off-heap; decoded pixels, tiles and results as budgeted heap arrays), the figure "
        + "`buffers.budgetBytes` bounds. Direct memory is above the pool's share because it also counts Netty's "
        + "socket read buffers. RSS growth beyond pool and direct memory is most likely Java heap pages touched "
        + "for the first time as G1 cycles its young regions through the per-chunk heap copies (benchmark 2; "
        + "committed heap is reserved at start but becomes resident only once used) and, for enhance, "
        + "TensorFlow's activations for a 768×768-output tile. The JVM runs with default heap sizing "
        + "(max = ¼ of RAM).");
    line("");
  }

  // ------------------------------------------------------------------------------------------
  void why() {
    line("## Missed targets: why, and what would close them");
    line("");
    if (whyMissed.isEmpty()) {
      line("All targets met in this run.");
    }
    for (String w : whyMissed) {
      line(w);
      line("");
    }
  }
}
