import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the report's sections share: the run's results, the Markdown being written, the targets
 * table and the reasons for missed targets, the targets and constants, and small
 * formatting helpers. Each section class renders a few of the seven benchmarks.
 */
abstract class ReportSection {
  static final double MIB = 1 << 20;
  static final double KIB = 1 << 10;
  static final double MS_PER_S = 1000;
  static final double US_PER_MS = 1000;
  static final double FLOPS_PER_MAC = 2;

  static final int CORES_IN_PEAK = 2;
  /** The bare model's target share of the measured fp32 peak. */
  static final double MODEL_MIN_PEAK_SHARE = 0.6;

  /** The published figures, used if the peer could not recompute them from the conv shapes. */
  static final Map<Integer, Double> QUOTED_MACS = Map.of(2, 55_636.0, 4, 15_772.0);
  static final int PHOTO_SIDE = 256;

  /** Side of MakeInputs' ~10 MiB noise PNG: √(10 MiB ÷ 3 bytes per pixel). */
  static final int NOISE_SIDE = 1870;

  // The benchmark targets.
  static final double INGEST_MIN_RATIO = 0.9;
  static final double HEAP_MAX_MIB_PER_MIB = 1.05;
  static final double E2E_MIN_RATIO = 0.97;
  static final double PEER_MIN_RATIO = 5;
  static final double P99_MAX_OVER_P50 = 2;
  static final int P99_TARGET_CONCURRENCY = 2;
  /** A max − min spread of slice-pair ratios beyond this is called out as this run's noise. */
  static final double WIDE_RATIO_SPREAD = 0.2;

  static final String[] SIZES = {"1MiB", "20MiB"};
  static final int[] INGEST_CONC = {1, 4};
  static final int[] UPSCALE_CONC = {1, 2, 4};
  static final int[] SCALES = {2, 4};
  static final String[][] INGEST_TARGETS = {
      {"zeroprint.raw", "zeroprint ingest, raw body", "discard.raw"},
      {"zeroprint.multipart", "zeroprint ingest, multipart", "discard.multipart"},
      {"bodyhandler.multipart", "Vert.x BodyHandler → disk, multipart", "discard.multipart"},
      {"discard.raw", "discard-only Vert.x, raw body", "discard.raw"},
      {"discard.multipart", "discard-only Vert.x, multipart", "discard.multipart"}};
  static final String[] HEAP_CASES = {"raw.1MiB", "raw.20MiB", "multipart.1MiB", "multipart.20MiB"};
  static final int HEAP_SITES = 6;
  static final String[] STAGES = {"guard", "decode", "upscale", "encode"};

  /** One report being built. */
  static final class State {
    final Properties p = new Properties();
    final StringBuilder md = new StringBuilder();
    final List<String[]> targets = new ArrayList<>(); // name, measured, verdict
    final List<String> whyMissed = new ArrayList<>();
  }

  final State state;
  final Properties p;
  final StringBuilder md;
  final List<String[]> targets;
  final List<String> whyMissed;

  ReportSection(State state) {
    this.state = state;
    this.p = state.p;
    this.md = state.md;
    this.targets = state.targets;
    this.whyMissed = state.whyMissed;
  }

  void target(String name, String measured, boolean met) {
    targets.add(new String[] {name, measured, met ? "met" : "**missed**"});
  }

  String s(String key) {
    return p.getProperty(key, "n/a");
  }

  double d(String key) {
    String v = p.getProperty(key);
    return v == null ? Double.NaN : Double.parseDouble(v.trim());
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  String mib(String key) {
    return f1(d(key) / MIB);
  }

  String kib(String key) {
    return f0(d(key) / KIB);
  }

  String mb(String key) {
    return f0(d(key) / 1e6) + " MB";
  }

  static String f0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static String signedPct(double v) {
    return String.format(Locale.ROOT, "%+.0f%%", v * 100);
  }

  static String pct(double v) {
    return String.format(Locale.ROOT, "%.0f%%", v * 100);
  }

  void line(String s) {
    md.append(s).append('\n');
  }

  void table(String... cols) {
    row(cols);
    line("|" + " --- |".repeat(cols.length));
  }

  void row(String... cells) {
    line("| " + String.join(" | ", cells) + " |");
  }

  /** Model time for the 10 MiB noise PNG at ×2, at the bare model's rate in this run. */
  double noiseImageSeconds() {
    double outPixels = Math.pow(NOISE_SIDE * 2.0, 2);
    return FLOPS_PER_MAC * macs(2) * outPixels / 1e9 / gflops(2, d("peer.x2.bare_images_per_s"));
  }

  double macs(int scale) {
    String k = "model.x" + scale + ".macs_per_output_px";
    return p.containsKey(k) ? d(k) : QUOTED_MACS.get(scale);
  }

  double gflopPerImage(int scale) {
    double outPixels = Math.pow(PHOTO_SIDE * (double) scale, 2);
    return FLOPS_PER_MAC * macs(scale) * outPixels / 1e9;
  }

  double gflops(int scale, double imagesPerSecond) {
    return gflopPerImage(scale) * imagesPerSecond;
  }

  /** The fp32 peak measured by bench/peak.c with all cores: 512-bit FMAs where the CPU has them. */
  double peak() {
    return p.containsKey("peak.fma512.gflops") ? d("peak.fma512.gflops") : d("peak.fma256.gflops");
  }
}
