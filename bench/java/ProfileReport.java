import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Report section 8: where the bare model's time goes (per-op step stats, oneDNN kernels, CPU use),
 * the measured peak it is held against, and the two settings the profile chose: XLA for full tiles
 * and the tile side, and one job × 2 TensorFlow threads against two jobs × 1.
 */
final class ProfileReport extends ReportSection {
  ProfileReport(State state) {
    super(state);
  }

  void profile() {
    line("## 8. Where the bare model's time goes");
    line("");
    line("**Peak.** Measured, not quoted: `bench/peak.c` runs independent FMA chains on every core (12 accumulators "
        + "per thread, so the FMA latency is hidden) and a chain of dependent integer adds for the clock. This CPU "
        + "sustained " + f1(d("peak.fma512.gflops")) + " GFLOP/s on 512-bit vectors with 2 threads ("
        + f1(d("peak.fma512_1t.gflops")) + " on one), " + f1(d("peak.fma256.gflops")) + " on 256-bit ones, at "
        + f2(d("peak.ghz")) + " GHz — 2 FMA pipes × 16 fp32 lanes × 2 FLOP per cycle per core. oneDNN runs "
        + "its AVX-512 kernels here (below), so the 512-bit figure is the peak every percentage in this report "
        + "uses. (Earlier reports used 156.8 GFLOP/s, an AVX2 figure at a 2.45 GHz base clock: less than half "
        + "of what this CPU does.)");
    line("");
    line("**Kernels.** oneDNN " + s("kernels.onednn") + ", runtime " + s("kernels.runtime") + ", ISA: "
        + s("kernels.isa") + ". Primitives executed in the steady state (runs 2 and 3 of each model, "
        + "`ONEDNN_VERBOSE=1`): " + s("kernels.impls") + ". No reference (`ref`) kernel runs; activations stay in "
        + "TensorFlow's NHWC layout (oneDNN `acdb`) from op to op, so there are no layout conversions between ops "
        + "(reorders in the steady state: ×2 " + f0(d("kernels.x2.steady_reorders")) + ", ×4 "
        + f0(d("kernels.x4.steady_reorders")) + "; the weights are reordered to blocked layouts once, at the first run).");
    line("");
    for (int s : SCALES) {
      opTable(s);
    }
    line("The convolutions with 4 output channels (`F_1_1`, `F_2_1`: 3×3, 64 → 4, then ReLU and a concatenation "
        + "back to 68 channels) are the least efficient ops: oneDNN pads them to 16 output channels and they still "
        + "cost about 60% of a 64 → 64 convolution for 1/16 of its FLOPs. Padding them to 16 channels in the graph "
        + "(with zero weights into the following 1×1) measured no faster per convolution; the block as a whole "
        + "gained ~2 ms, so it was left as the model defines it.");
    line("");
    line("The ×4 model's last convolution (3×3, 48 → 3) used to run on the 16× larger nearest-upsampled 48-channel "
        + "tensor: " + "about half of the ×4 model's time (measured 209 ms of ~400 ms per 256² tile). The importer "
        + "now folds a nearest upsampling followed by a convolution into one convolution at the input resolution "
        + "with s² × 3 output channels and a depth-to-space (`SubPixelConvolution`: the same sums, the taps that "
        + "land on the same input pixel added up in the kernel), which is the `SR` row above: the same FLOPs, "
        + "vectorised over 48 output channels, and no 200 MB intermediate.");
    line("");
    xla();
    pool();
  }

  private void opTable(int s) {
    String k = "profile.x" + s;
    Map<String, Double> ms = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith(k + ".op.") && name.endsWith(".ms")) {
        ms.put(name.substring((k + ".op.").length(), name.length() - ".ms".length()), d(name));
      }
    }
    double sum = d(k + ".op_sum_ms");
    line("**×" + s + "**, one " + f0(d(k + ".side")) + "² tile on the plain session, full trace ("
        + "TensorFlow step stats, `RunMetadata`), mean of 3 runs: " + f1(d(k + ".wall_ms")) + " ms wall, "
        + f1(sum) + " ms in ops (the rest is the executor between ops); untraced " + f1(d(k + ".untraced_ms"))
        + " ms. CPU use while it runs untraced: " + pct(d(k + ".cpu_share")) + " of the TensorFlow threads' time "
        + "(below 100%: threads idle or preempted). Convolutions are listed by their fused `bias_add` node.");
    line("");
    table("op", "ms", "share", "GFLOP", "GFLOP/s", "% of peak");
    List<Map.Entry<String, Double>> rows = new ArrayList<>(ms.entrySet());
    rows.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    double rest = 0;
    for (Map.Entry<String, Double> e : rows) {
      if (e.getValue() / sum < 0.01) {
        rest += e.getValue();
        continue;
      }
      String g = k + ".op." + e.getKey() + ".gflop";
      boolean conv = p.containsKey(g);
      double rate = conv ? d(g) / (e.getValue() / MS_PER_S) : 0;
      row("`" + e.getKey() + "`", f1(e.getValue()), pct(e.getValue() / sum), conv ? f2(d(g)) : "",
          conv ? f1(rate) : "", conv ? pct(rate / peak()) : "");
    }
    row("everything under 1% each", f1(rest), pct(rest / sum), "", "", "");
    line("");
  }

  private void xla() {
    line("**XLA for full tiles.** TensorFlow's XLA compiler, asked per session (`global_jit_level`, with the "
        + "process-wide CPU permission set through TensorFlow's C API), fuses the whole graph into code it "
        + "generates for this CPU. Alternated run by run with the plain (oneDNN) session on the same full tile:");
    line("");
    table("scale", "tile", "plain ms", "XLA ms", "plain ÷ XLA (median of pairs)", "first XLA run (compile) ms");
    for (int s : SCALES) {
      String k = "xla.x" + s;
      row("×" + s, f0(d(k + ".side")) + "²", f1(d(k + ".plain_ms")), f1(d(k + ".compiled_ms")),
          f2(d(k + ".ratio_median")) + "× (" + f0(d(k + ".pairs")) + " pairs)", f0(d(k + ".compile_ms")));
    }
    line("");
    line("XLA compiles once per input shape, so the server loads each upscaler twice: a compiled session that only "
        + "ever sees the full tile shape (compiled during the warm-up, `models.upscaleCompile`), and the plain one "
        + "for every other shape (images smaller than a tile), which never waits for a compilation. Tiles keep "
        + "their full size at the image's far edges (they overlap their neighbours more), so every tile of an image "
        + "at least one tile large takes the compiled path. Outputs of the two sessions differ by float rounding "
        + "(measured ≤ 2.3e-4 of 255; the golden and tiling tests hold).");
    line("");
    line("The tile side, compiled session, cost per megapixel of a tile's *core* (the part kept: the tile less "
        + "the receptive radius on each side), best of 3 slices:");
    line("");
    List<String> heads = new ArrayList<>(List.of("scale"));
    int[] sides = {128, 192, 256, 320};
    for (int t : sides) {
      heads.add(t + "²");
    }
    table(heads.toArray(String[]::new));
    for (int s : SCALES) {
      List<String> cells = new ArrayList<>(List.of("×" + s));
      for (int t : sides) {
        String key = "xla.x" + s + ".tile" + t + ".ms_per_core_mpx";
        cells.add(p.containsKey(key) ? f0(d(key)) + " ms" : "");
      }
      row(cells.toArray(String[]::new));
    }
    line("");
    line("`models.upscaleTileSide` defaults to 256 from these figures: smaller tiles repeat more overlap, and "
        + "beyond 256² the compiled code stops gaining (320² within a few per cent, and 384² measured ~1.9× slower "
        + "per pixel than 256² while this harness was written: its working set leaves the caches). "
        + "`worker.tileOutputSide` is 1024 so ×4 tiles can have the side too.");
    line("");
  }

  private void pool() {
    List<Double> one = new ArrayList<>();
    List<Double> two = new ArrayList<>();
    for (int r = 1; p.containsKey("pool.1x2.r" + r + ".images_per_s"); r++) {
      one.add(d("pool.1x2.r" + r + ".images_per_s"));
      two.add(d("pool.2x1.r" + r + ".images_per_s"));
    }
    if (one.isEmpty()) {
      return;
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < one.size(); i++) {
      ratios.add(one.get(i) / two.get(i));
    }
    ratios.sort(null);
    line("**One job × 2 TensorFlow threads, or two jobs × 1.** Throughput of the ×2 model on full tiles, each "
        + "setting in its own process (TensorFlow's thread pools are per process), alternated " + one.size()
        + " times: `worker.poolSize` 1 (2 intra-op threads, 1 caller) " + f2(median(one)) + " tiles/s, "
        + "`worker.poolSize` 2 (1 intra-op thread each, 2 callers at once) " + f2(median(two)) + " tiles/s; "
        + "1×2 ÷ 2×1 = " + f2(ratios.get(ratios.size() / 2)) + "× (median). The default stays `worker.poolSize` 1: "
        + (ratios.get(ratios.size() / 2) >= 1 ? "it is at least as fast at concurrency ≥ 2 and halves each job's latency."
            : "two jobs at once gain throughput here, but each job takes twice as long, and a job's latency is "
            + "what a user waits for; raise `worker.poolSize` where throughput matters more.")
        + " Pinning threads to cores was not tried: a 2-vCPU virtual machine gives no control over which "
        + "physical cores its vCPUs run on.");
    line("");
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
