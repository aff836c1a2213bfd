import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@code fidelity.sh} run's results into {@code bench/FIDELITY.md}: method, targets, the
 * upscalers against bicubic per scale, zeroprint against the tfjs peer, the non-antialiased
 * diagnostic, MAXIM's tile seams, and why a missed target was missed. Targets are shown, never asserted.
 *
 * <p>Args: {@code RESULTS_FILE FIDELITY_MD}.
 */
public final class FidelityReport extends ReportSection {
  /** Product tiers by model family (the name without its {@code -x<scale>}). */
  private static final Map<String, String> TIERS = Map.of("esrgan-slim", "fast", "esrgan-medium", "balanced",
      "esrgan-thick", "best");
  /** Target gain in Y PSNR over bicubic at ×4, by tier. */
  private static final Map<String, Double> TARGET_DB = Map.of("balanced", 0.5, "best", 1.0);
  private static final int TARGET_SCALE = 4;

  private FidelityReport(State state) {
    super(state);
  }

  public static void main(String[] args) throws Exception {
    FidelityReport r = new FidelityReport(new State());
    try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
      r.p.load(in);
    }
    String text = r.build();
    Files.writeString(Path.of(args[1]), text);
    System.out.println(text);
  }

  private List<String> list(String key) {
    String v = p.getProperty(key, "").trim();
    return v.isEmpty() ? List.of() : List.of(v.split(","));
  }

  private List<Integer> scales() {
    List<Integer> out = new ArrayList<>();
    list("fid.scales").forEach(s -> out.add(Integer.parseInt(s.trim())));
    return out;
  }

  private List<String> models(String prefix, int scale) {
    return list(prefix + "models").stream().filter(m -> m.endsWith("-x" + scale)).toList();
  }

  private static String family(String model) {
    return model.replaceFirst("-x\\d+$", "");
  }

  /** A model's tier; the peer's extra packages are keyed {@code peer-<family>}. */
  private static String tier(String model) {
    return TIERS.getOrDefault(family(model).replaceFirst("^peer-", ""), "—");
  }

  /** Packages the tfjs peer ran besides esrgan-slim (at ×4), as result keys. */
  private List<String> peerModels() {
    return list("fid.peer_models");
  }

  /** Mean over the images of a model's Y PSNR gain over bicubic. */
  private double meanGain(String prefix, String model, int scale, String metric) {
    double sum = 0;
    int n = 0;
    for (String img : list("fid.images")) {
      String k = prefix + img + ".x" + scale + ".";
      sum += d(k + model + "." + metric) - d(k + "bicubic." + metric);
      n++;
    }
    return sum / n;
  }

  private double mean(String prefix, String what, int scale, String metric) {
    double sum = 0;
    int n = 0;
    for (String img : list("fid.images")) {
      sum += d(prefix + img + ".x" + scale + "." + what + "." + metric);
      n++;
    }
    return sum / n;
  }

  String build() {
    StringBuilder body = new StringBuilder();
    int start = md.length();
    method();
    scales().forEach(s -> versusBicubic("fid.", s));
    peer();
    aliased();
    seams();
    body.append(md, start, md.length());
    md.setLength(start);
    targets();
    header();
    md.append(body);
    why();
    return md.toString();
  }

  private void header() {
    line("# zeroprint fidelity — do the upscalers beat bicubic?");
    line("");
    line("Produced by `bash bench/fidelity.sh` (see bench/README.md) on " + s("meta.date") + ", commit `"
        + s("meta.commit") + "`, in " + s("meta.wall_seconds") + " s wall time, on " + s("meta.cpu") + " ("
        + s("meta.jdk") + ", Node " + s("meta.node") + "; load average " + s("meta.load_start") + " at start, "
        + s("meta.load_end") + " at end). Quality numbers do not depend on the machine's load; times do.");
    line("");
    line("## Targets");
    line("");
    table("target", "measured", "verdict");
    targets.forEach(t -> row(t[0], t[1], t[2]));
    line("");
  }

  private void targets() {
    Map<String, String> byTier = new LinkedHashMap<>();
    peerModels().forEach(m -> byTier.put(tier(m), m)); // measured in tfjs only when zeroprint has no such model
    models("fid.", TARGET_SCALE).forEach(m -> byTier.put(tier(m), m));
    for (String t : List.of("balanced", "best")) {
      String name = "`" + t + "` ≥ +" + f1(TARGET_DB.get(t)) + " dB Y-PSNR over bicubic at ×" + TARGET_SCALE
          + " (mean of " + list("fid.images").size() + " images)";
      String m = byTier.get(t);
      if (m == null) {
        targets.add(new String[] {name, "not measured: no " + t + " model installed or convertible (see below)",
            "**not measured**"});
        whyMissed.add("**`" + t + "` not measured.** " + notInstalled(t));
        continue;
      }
      boolean peerOnly = m.startsWith("peer-");
      String label = peerOnly ? family(m).substring("peer-".length()) + ", in the tfjs peer" : m;
      double gain = meanGain("fid.", m, TARGET_SCALE, "psnr");
      boolean met = gain >= TARGET_DB.get(t);
      target(name, label + (peerOnly ? " (measured in the tfjs peer only: not installed in zeroprint for this run)" : "") + ": " + signed(gain) + " dB ("
          + range(m, TARGET_SCALE) + ")", met);
      if (!met) {
        whyMissed.add("**`" + t + "` (" + label + ") is " + signed(gain) + " dB over bicubic at ×" + TARGET_SCALE
            + ", " + f2(TARGET_DB.get(t) - gain) + " dB short of the target.** " + whyShort(t, gain, peerOnly)
            + (peerOnly ? " " + notInstalled(t) : ""));
      }
    }
    for (int s : scales()) {
      for (String m : models("fid.", s)) {
        double gain = meanGain("fid.", m, s, "psnr");
        if (!TARGET_DB.containsKey(tier(m))) {
          targets.add(new String[] {"`" + tier(m) + "` against bicubic at ×" + s + " (Y-PSNR, mean; no target)",
              m + ": " + signed(gain) + " dB (" + range(m, s) + ")", "—"});
          continue;
        }
        target("`" + tier(m) + "` beats bicubic at ×" + s + " (Y-PSNR, mean)", m + ": " + signed(gain) + " dB ("
            + range(m, s) + ")", gain > 0);
      }
    }
    for (String m : peerModels()) {
      double gain = meanGain("fid.", m, TARGET_SCALE, "psnr");
      target("`" + tier(m) + "` beats bicubic at ×" + TARGET_SCALE + " (Y-PSNR, mean)", family(m).substring(
          "peer-".length()) + ", in the tfjs peer: " + signed(gain) + " dB (" + range(m, TARGET_SCALE) + ")", gain > 0);
    }
  }

  private String range(String model, int scale) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (String img : list("fid.images")) {
      String k = "fid." + img + ".x" + scale + ".";
      double g = d(k + model + ".psnr") - d(k + "bicubic.psnr");
      lo = Math.min(lo, g);
      hi = Math.max(hi, g);
    }
    return "per image " + signed(lo) + " … " + signed(hi);
  }

  private String notInstalled(String tier) {
    String family = TIERS.entrySet().stream().filter(e -> e.getValue().equals(tier)).findFirst().orElseThrow().getKey();
    StringBuilder why = new StringBuilder("No `" + family + "` model is in the server's models folder");
    int n = (int) d("trial.count");
    boolean tried = false;
    for (int i = 1; i <= n; i++) {
      String pkg = s("trial." + i + ".package");
      if (pkg.contains(family) && p.containsKey("trial." + i + ".failed")) {
        why.append(", and the trial conversion of `").append(pkg).append("` failed: ")
            .append(s("trial." + i + ".failed")).append(" (the importer does not convert that layer yet)");
        tried = true;
      }
    }
    if (!tried) {
      why.append(" and none was given to try (`FIDELITY_PACKAGES`)");
    }
    return why.append(". Once the catalogue and importer install it, `bash bench/fidelity.sh` measures it with the others.")
        .toString();
  }

  private String whyShort(String tier, double gain, boolean peerOnly) {
    StringBuilder w = new StringBuilder();
    w.append(peerOnly ? "It ran as the original model in tfjs, so the number is the weights' own." : "The serving "
        + "path loses nothing — zeroprint's esrgan-slim output equals the original model's in tfjs within one 8-bit "
        + "level (the peer table above) — so the gap is the weights'.");
    w.append(" The packages cite ESRGAN, whose adversarial training trades pixel fidelity for plausible texture; they "
        + "say little else of their training (architecture RDN or RRDN, data DIV2K, in the model file names)")
        .append(gain < TARGET_DB.get("balanced") ? ". These weights gain little PSNR over bicubic on these photos."
            : ". The gain depends on the photo (per image, in the targets table); the mean stays under the target.");
    double aliased = Double.NaN;
    String m = models("fid_aliased.", TARGET_SCALE).stream().filter(x -> tier(x).equals(tier)).findFirst()
        .orElse(null);
    if (m != null) {
      aliased = meanGain("fid_aliased.", m, TARGET_SCALE, "psnr");
      w.append(" Nor were they trained for a shrink without antialiasing: from such inputs they fall further behind "
          + "bicubic (" + signed(aliased) + " dB, diagnostic below).");
    }
    w.append(" Closing the gap needs other weights (" + (tier.equals("best") ? "a PSNR-trained model" : "a "
        + "PSNR-trained model of this size, or the thick tier") + "), not a change to the serving path.");
    return w.toString();
  }

  private void method() {
    line("## Method");
    line("");
    line("- **Images**: " + String.join(", ", list("fid.images").stream()
        .map(i -> i + " (" + s("fid.image." + i + ".size") + ")").toList())
        + " from `src/test/resources/images` (licenses in its LICENSES.md), each cropped at the bottom and right to "
        + "a multiple of the scale.");
    line("- **Low-resolution inputs and the bicubic baseline**: `bench/java/Bicubic.java`, MATLAB's "
        + "`imresize(…, 'bicubic')`: Keys' cubic with a = −0.5, pixel-centre alignment, the kernel stretched by the "
        + "factor when shrinking (antialiasing), edges repeated, double precision, one rounding to 8 bits. "
        + "Cross-checked in this run against TensorFlow's `ScaleAndTranslate(keyscubic, antialias)` (the same "
        + "definition, independently implemented; it treats the edges differently): " + bicubicCheck() + ".");
    line("- **Scores**: Y of ITU-R BT.601 (16–235) from 8-bit RGB, `scale` pixels cropped at every border; PSNR "
        + "(peak 255) and SSIM (Wang et al. 2004: 11×11 Gaussian window, σ = 1.5, K1 0.01, K2 0.03, valid "
        + "positions only), as super-resolution papers report them (`bench/java/Quality.java`).");
    line("- **Models**: every upscale model the server's registry would load from its models folder, each loaded "
        + "through `ModelRegistry` and run through the server's `Tiler` (tiles, clamping, 8-bit output), plus "
        + "trial conversions of packages given in `FIDELITY_PACKAGES` (converted by the server's importer into the "
        + "temp folder):");
    line("");
    table("model", "tier", "source", "installed from", "seconds, all images (this run)");
    for (int s : scales()) {
      for (String m : models("fid.", s)) {
        double secs = 0;
        for (String img : list("fid.images")) {
          secs += d("fid." + img + ".x" + s + "." + m + ".seconds");
        }
        String dir = s("fid.model." + m + ".dir");
        row(m, tier(m), s("fid.model." + m + ".source"), dir.equals("trial") ? "trial conversion" : "`" + dir
            + "/`", f1(secs));
      }
    }
    for (String m : peerModels()) {
      line("");
      line("The tfjs peer also ran `" + s("fid.peer_model." + m + ".source") + "` at ×" + TARGET_SCALE + " with the "
          + "package's own UpscalerJS model definition (custom layers, value range), in " + f1(d("fid.peer.seconds"))
          + " s together with esrgan-slim: `" + tier(m) + "` is measured there when it is not installed in zeroprint (`models pull upscale-best`).");
    }
    int n = (int) (p.containsKey("trial.count") ? d("trial.count") : 0);
    for (int i = 1; i <= n; i++) {
      if (p.containsKey("trial." + i + ".failed")) {
        line("");
        line("Trial conversion of `" + s("trial." + i + ".package") + "` failed: " + s("trial." + i + ".failed")
            + ".");
      }
    }
    line("");
  }

  private String bicubicCheck() {
    List<String> parts = new ArrayList<>();
    for (int s : scales()) {
      for (String dir : List.of("down", "up")) {
        String k = "fid.bicubic_check." + dir + s;
        parts.add((dir.equals("down") ? "shrink ÷" : "grow ×") + s + " max " + f0(d(k + ".max_levels_interior"))
            + " level (" + f3(100 * d(k + ".differing_share_interior")) + " % of samples differ) inside "
            + f0(d(k + ".margin")) + " px of the border, " + f0(d(k + ".max_levels_edges")) + " at the edges");
      }
    }
    return String.join("; ", parts);
  }

  private void versusBicubic(String prefix, int scale) {
    List<String> models = models(prefix, scale);
    line("## ×" + scale + ": Y-PSNR (dB) and SSIM against the original");
    line("");
    line("Each cell: PSNR / SSIM, and in brackets the difference from bicubic.");
    line("");
    List<String> cols = new ArrayList<>(List.of("image", "bicubic"));
    models.forEach(m -> cols.add(m + " (" + tier(m) + ")"));
    boolean peer = prefix.equals("fid.") && p.containsKey(prefix + list("fid.images").get(0) + ".x" + scale + ".peer.psnr");
    if (peer) {
      cols.add("tfjs peer (esrgan-slim)");
    }
    List<String> extra = prefix.equals("fid.") && scale == TARGET_SCALE ? peerModels() : List.of();
    extra.forEach(m -> cols.add("tfjs peer (" + family(m).substring("peer-".length()) + ", " + tier(m) + ")"));
    table(cols.toArray(String[]::new));
    for (String img : list("fid.images")) {
      String k = prefix + img + ".x" + scale + ".";
      List<String> cells = new ArrayList<>(List.of(img, f2(d(k + "bicubic.psnr")) + " / " + f3(d(k + "bicubic.ssim"))));
      for (String m : models) {
        cells.add(cell(d(k + m + ".psnr"), d(k + m + ".ssim"), d(k + "bicubic.psnr"), d(k + "bicubic.ssim")));
      }
      if (peer) {
        cells.add(cell(d(k + "peer.psnr"), d(k + "peer.ssim"), d(k + "bicubic.psnr"), d(k + "bicubic.ssim")));
      }
      for (String m : extra) {
        cells.add(cell(d(k + m + ".psnr"), d(k + m + ".ssim"), d(k + "bicubic.psnr"), d(k + "bicubic.ssim")));
      }
      row(cells.toArray(String[]::new));
    }
    List<String> mean = new ArrayList<>(List.of("**mean**", f2(mean(prefix, "bicubic", scale, "psnr")) + " / "
        + f3(mean(prefix, "bicubic", scale, "ssim"))));
    for (String m : models) {
      mean.add("**" + cell(mean(prefix, m, scale, "psnr"), mean(prefix, m, scale, "ssim"),
          mean(prefix, "bicubic", scale, "psnr"), mean(prefix, "bicubic", scale, "ssim")) + "**");
    }
    if (peer) {
      mean.add(cell(mean(prefix, "peer", scale, "psnr"), mean(prefix, "peer", scale, "ssim"),
          mean(prefix, "bicubic", scale, "psnr"), mean(prefix, "bicubic", scale, "ssim")));
    }
    for (String m : extra) {
      mean.add("**" + cell(mean(prefix, m, scale, "psnr"), mean(prefix, m, scale, "ssim"),
          mean(prefix, "bicubic", scale, "psnr"), mean(prefix, "bicubic", scale, "ssim")) + "**");
    }
    row(mean.toArray(String[]::new));
    line("");
  }

  private static String cell(double psnr, double ssim, double bPsnr, double bSsim) {
    return f2(psnr) + " / " + f3(ssim) + " (" + signed(psnr - bPsnr) + " / " + signed3(ssim - bSsim) + ")";
  }

  private static String signed(double v) {
    return String.format(java.util.Locale.ROOT, "%+.2f", v);
  }

  private static String signed3(double v) {
    return String.format(java.util.Locale.ROOT, "%+.3f", v);
  }

  private void peer() {
    line("## zeroprint against the tfjs peer (esrgan-slim)");
    line("");
    line("The original `@upscalerjs/esrgan-slim` layers model in @tensorflow/tfjs 4.11 (WASM backend, Node; "
        + "`bench/peer-tfjs-images.cjs`) on the same low-resolution PNGs, clamped and rounded to 8 bits as "
        + "UpscalerJS returns them, against zeroprint's converted model through its tiler. PSNR between the two is "
        + "over RGB; ∞ means identical.");
    line("");
    table("image", "scale", "zeroprint Y-PSNR vs original", "peer Y-PSNR vs original", "zeroprint vs peer, RGB PSNR",
        "largest difference", "samples that differ");
    for (int s : scales()) {
      for (String img : list("fid.images")) {
        String k = "fid." + img + ".x" + s + ".";
        String slim = "esrgan-slim-x" + s;
        if (!p.containsKey(k + "peer_vs_zeroprint.psnr_rgb")) {
          continue;
        }
        row(img, "×" + s, f2(d(k + slim + ".psnr")), f2(d(k + "peer.psnr")), f1(d(k + "peer_vs_zeroprint.psnr_rgb"))
            + " dB", f0(d(k + "peer_vs_zeroprint.max_levels")) + " level",
            f3(100 * d(k + "peer_vs_zeroprint.differing_share")) + " %");
      }
    }
    line("");
  }

  private void aliased() {
    if (!p.containsKey("fid_aliased.models")) {
      return;
    }
    line("## Diagnostic: inputs shrunk without antialiasing (×4)");
    line("");
    line("The same at ×4 with the low-resolution inputs made by the unstretched bicubic kernel (what "
        + "`tf.image.resize` and OpenCV do by default): does the gap come from the models expecting aliased inputs?");
    line("");
    StringBuilder b = new StringBuilder();
    int start = md.length();
    versusBicubic("fid_aliased.", TARGET_SCALE);
    b.append(md, start, md.length());
    md.setLength(start);
    md.append(b.toString().replaceFirst("## ×4: ", "### ×4, no antialiasing: "));
  }

  private void seams() {
    if (!p.containsKey("seams.overlaps")) {
      return;
    }
    int side = (int) d("seams.side");
    line("## MAXIM tile seams (" + s("seams.model") + ")");
    line("");
    line("MAXIM mixes information across its whole input, so tiling is an approximation. A " + side + "×" + side
        + " image (astronaut shrunk with the bicubic above, then blurred, σ = "
        + s("seams.blur_sigma").replaceAll("0+$", "") + ": what deblurring is for) is restored once untiled (one " + side + "² run, " + f1(d("seams.untiled.seconds"))
        + " s; it changes the input by " + f2(d("seams.untiled.changed_levels_mean")) + " levels on average) and "
        + "then as the server tiles it (`Restorer`: tiles of `models.restorationTileSide` = " + side + " seeing "
        + "`overlap` pixels of context past each core edge; default " + f0(d("seams.default_overlap")) + "). "
        + "Differences are in 8-bit levels; \"where\" is the (x, y) of the largest. **Seam step**: the mean "
        + "jump of (tiled − untiled) between neighbouring pixels across a core boundary ÷ the same jump "
        + "elsewhere (1 = the boundary is not in the difference). "
        + "**Gradient across boundaries**: the output's mean neighbour step across the core boundaries ÷ elsewhere, "
        + "tiled vs untiled (equal = no visible seam).");
    line("");
    table("overlap", "core", "tiles", "max diff (where)", "max diff ≥ " + MaximSeams.EDGE + " px from the border", "mean diff", "PSNR vs untiled", "seam step across / elsewhere",
        "gradient across boundaries, tiled vs untiled", "seconds");
    for (String o : list("seams.overlaps")) {
      String k = "seams.o" + o + ".";
      int core = (int) d(k + "core");
      int per = (side + core - 1) / core;
      row(o + (o.equals(f0(d("seams.default_overlap"))) ? " (default)" : ""), String.valueOf(core),
          String.valueOf(per * per), f0(d(k + "max_levels")) + " (" + s(k + "max_at") + ")",
          f0(d(k + "max_levels_inside")), f3(d(k + "mean_levels")),
          f1(d(k + "psnr")) + " dB", f2(d(k + "step_across_levels")) + " / " + f2(d(k + "step_elsewhere_levels"))
              + " = " + f2(d(k + "seam_ratio")),
          f3(d(k + "gradient_ratio_tiled")) + " vs " + f3(d(k + "gradient_ratio_untiled")), f1(d(k + "seconds")));
    }
    line("");
    String k = "seams.o" + f0(d("seams.default_overlap")) + ".";
    if (p.containsKey(k + "seam_ratio")) {
      double excess = d(k + "step_across_levels") - d(k + "step_elsewhere_levels");
      double visible = Math.abs(d(k + "gradient_ratio_tiled") / d(k + "gradient_ratio_untiled") - 1);
      line("At the default overlap the boundaries add " + f2(excess) + " levels to the jump between neighbours "
          + "(" + f2(d(k + "seam_ratio")) + "× the jump elsewhere), and the output's gradient across them differs "
          + "from the untiled run's by " + pct(visible) + ". " + (excess < 1 && visible < 0.05
              ? "That is below one 8-bit level, under what the eye can see; the seams were left as they are."
              : "That can show; see the overlaps above for the trade-off."));
      line("");
      if (d(k + "max_levels") > d(k + "max_levels_inside")) {
        line("The largest differences (" + f0(d(k + "max_levels")) + " levels) lie within " + MaximSeams.EDGE
            + " px of the image's border, where the last tile's short window is mirrored out to the model's multiple "
            + "of 64 — content the untiled run never sees; away from the border they are at most "
            + f0(d(k + "max_levels_inside")) + ". That is padding, not a seam: tiles whose windows stay full-size at "
            + "the border (the last tile shifted inward) would avoid that padding.");
        line("");
      }
    }
  }

  private void why() {
    line("## Missed targets: why");
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
