import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.ConfigLoader;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.image.RgbImage;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.model.Tiler;
import io.zeroprint.model.Upscaler;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Do the upscalers beat bicubic? Each image is cropped to a multiple of the scale, shrunk by it with
 * {@link Bicubic} (antialiased, rounded to 8 bits: the low-resolution input), and brought back to
 * full size by bicubic and by every installed upscale model of that scale; each result is scored
 * against the original with {@link Quality} (Y PSNR and SSIM, border cropped by the scale). The
 * models run as the server runs them (its {@link ModelRegistry} loader and session settings, its
 * {@link Tiler}, 8-bit output); the tfjs peer ({@code peer-tfjs-images.cjs}) upscales the same
 * inputs with the original esrgan-slim so the two can be compared with each other and the original.
 *
 * <p>Args: {@code RESULTS_FILE WORK_DIR PEER_SCRIPT SCALES MODEL_DIRS IMAGE...}: PEER_SCRIPT {@code -} for
 * none; SCALES comma-separated;
 * MODEL_DIRS colon-separated folders of {@code <name>/<version>/} models searched besides the
 * server's own {@code models.dir} (empty for none).
 */
public final class Fidelity {
  private static final String PEER = "peer";
  private static final String BICUBIC = "bicubic";
  /** Where a model from a folder other than the server's was found (not a path: those are temporary). */
  private static final String TRIAL = "trial";
  private static final String PEER_MODEL_FAMILY = "esrgan-slim";
  private static final int PEER_TIMEOUT_MINUTES = 5;
  private static final double NANOS_PER_S = 1e9;
  /** {@code -Dfidelity.antialias=false}: shrink without antialiasing (a diagnostic, not the standard). */
  private static final boolean ANTIALIAS = !"false".equals(System.getProperty("fidelity.antialias"));
  /**
   * {@code -Dfidelity.peerPackages=DIR:DIR}: unpacked {@code @upscalerjs/esrgan-*} packages the peer also
   * runs (with the package's own model definition) at ×4 only, scored as {@code peer-<package name>}: a
   * tier zeroprint cannot convert yet is still measured, in tfjs (slowly: one thread).
   */
  private static final String PEER_PACKAGES = System.getProperty("fidelity.peerPackages", "");
  private static final int PEER_PACKAGE_SCALE = 4;
  /** Results of the diagnostic go under their own keys. */
  private static final String PREFIX = ANTIALIAS ? "fid." : "fid_aliased.";

  /** One test case: an image shrunk by a scale, and the original it should come back to. */
  private record Case(String image, int scale, int w, int h, byte[] original, Quality.Plane originalY,
      byte[] small, Path smallPng) {
    String key() {
      return PREFIX + image + ".x" + scale;
    }
  }

  public static void main(String[] args) throws Exception {
    Results results = Results.fromArg(args[0]);
    Path work = Path.of(args[1]);
    String peerScript = args[2];
    List<Integer> scales = new ArrayList<>();
    for (String s : args[3].split(",")) {
      scales.add(Integer.parseInt(s.trim()));
    }
    ZeroprintConfig config = ConfigLoader.load();
    List<Path> modelDirs = new ArrayList<>(List.of(Path.of(config.models().dir())));
    for (String d : args[4].split(":")) {
      if (!d.isBlank()) {
        modelDirs.add(Path.of(d));
      }
    }
    List<Case> cases = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 5; i < args.length; i++) {
      Path file = Path.of(args[i]);
      String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
      names.add(name);
      BufferedImage img = ImageIO.read(file.toFile());
      results.put(PREFIX + "image." + name + ".size", img.getWidth() + "x" + img.getHeight());
      for (int scale : scales) {
        cases.add(prepare(results, work, name, img, scale));
      }
    }
    results.put(PREFIX + "images", String.join(",", names));
    results.put(PREFIX + "scales", args[3]);

    Map<String, byte[]> slimOutputs = new LinkedHashMap<>();
    List<String> models = new ArrayList<>();
    SegmentPool pool = new SegmentPool(config.buffers());
    Tiler tiler = new Tiler(pool, config.worker().tileOutputSide());
    for (InstalledModels.Model m : InstalledModels.upscalers(modelDirs)) {
      if (!scales.contains(m.manifest().scale())) {
        continue;
      }
      String name = m.manifest().name();
      models.add(name);
      results.put(PREFIX + "model." + name + ".source", m.manifest().sourcePackage() + "@" + m.manifest().sourceVersion());
      results.put(PREFIX + "model." + name + ".scale", m.manifest().scale());
      results.put(PREFIX + "model." + name + ".dir", m.root().equals(modelDirs.get(0)) ? m.root().toString() : TRIAL);
      System.out.println("model " + name + " from " + m.root());
      try (ModelRegistry registry = m.load(config.worker())) {
        Upscaler upscaler = registry.upscaler(m.manifest().name()).orElseThrow();
        for (Case c : cases) {
          if (c.scale() != upscaler.scale()) {
            continue;
          }
          long t0 = System.nanoTime();
          byte[] out = upscale(tiler, upscaler, pool, c);
          results.put(c.key() + "." + name + ".seconds", (System.nanoTime() - t0) / NANOS_PER_S);
          score(results, c, name, out);
          if (name.startsWith(PEER_MODEL_FAMILY + "-")) {
            slimOutputs.put(c.key(), out);
          }
        }
      }
    }
    results.put(PREFIX + "models", String.join(",", models));
    if (!"-".equals(peerScript)) {
      peer(results, work, peerScript, cases, slimOutputs);
    }
  }

  /** Crops to a multiple of {@code scale}, shrinks, and scores the bicubic way back. */
  private static Case prepare(Results results, Path work, String name, BufferedImage img, int scale)
      throws IOException {
    int w = img.getWidth() / scale * scale;
    int h = img.getHeight() / scale * scale;
    byte[] original = rgb(img, w, h);
    byte[] small = Bicubic.resize(original, w, h, w / scale, h / scale, ANTIALIAS);
    Path png = work.resolve(name + "-x" + scale + "-small.png");
    ImageIO.write(image(small, w / scale, h / scale), "png", png.toFile());
    Case c = new Case(name, scale, w, h, original, Quality.luma(original, w, h, scale), small, png);
    results.put(c.key() + ".size", w + "x" + h);
    score(results, c, BICUBIC, Bicubic.resize(small, w / scale, h / scale, w, h));
    return c;
  }

  private static void score(Results results, Case c, String what, byte[] out) {
    Quality.Plane y = Quality.luma(out, c.w(), c.h(), c.scale());
    results.put(c.key() + "." + what + ".psnr", Quality.psnr(c.originalY(), y));
    results.put(c.key() + "." + what + ".ssim", Quality.ssim(c.originalY(), y));
  }

  /** The server's path from decoded bytes: budgeted lease in, tiles through the model, clamped bytes out. */
  private static byte[] upscale(Tiler tiler, Upscaler model, SegmentPool pool, Case c) {
    int w = c.w() / c.scale();
    int h = c.h() / c.scale();
    try (RgbImage src = new RgbImage(w, h, pool.leaseBytes(c.small().length))) {
      System.arraycopy(c.small(), 0, src.bytes(), 0, c.small().length);
      try (RgbImage out = tiler.run(model, src, (done, total) -> { })) {
        return out.bytes().clone();
      }
    }
  }

  /**
   * Runs the tfjs peer on every case's low-resolution PNG and scores its output against the
   * original, and against zeroprint's output of the same model (PSNR over RGB, and the largest
   * difference in 8-bit levels).
   */
  private static void peer(Results results, Path work, String script, List<Case> cases, Map<String, byte[]> zeroprint)
      throws Exception {
    StringBuilder list = new StringBuilder();
    for (Case c : cases) {
      list.append(c.scale()).append(' ').append(c.smallPng()).append(' ').append(peerPng(work, c, PEER)).append('\n');
    }
    Map<String, Path> packages = new LinkedHashMap<>();
    for (String dir : PEER_PACKAGES.split(":")) {
      if (!dir.isBlank()) {
        var pkg = new io.vertx.core.json.JsonObject(Files.readString(Path.of(dir, "package.json")));
        String name = pkg.getString("name");
        String key = PEER + "-" + name.substring(name.lastIndexOf('/') + 1);
        packages.put(key, Path.of(dir).toAbsolutePath());
        results.put(PREFIX + "peer_model." + key + ".source", name + "@" + pkg.getString("version"));
      }
    }
    for (Map.Entry<String, Path> pkg : packages.entrySet()) {
      for (Case c : cases.stream().filter(c -> c.scale() == PEER_PACKAGE_SCALE).toList()) {
        list.append(c.scale()).append(' ').append(c.smallPng()).append(' ').append(peerPng(work, c, pkg.getKey()))
            .append(' ').append(pkg.getValue()).append('\n');
      }
    }
    results.put(PREFIX + "peer_models", String.join(",", packages.keySet()));
    Path listFile = work.resolve("peer-jobs.txt");
    Files.writeString(listFile, list);
    long t0 = System.nanoTime();
    Process node = new ProcessBuilder("node", script, listFile.toString()).inheritIO().start();
    if (!node.waitFor(PEER_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      node.destroy();
      throw new IllegalStateException("the tfjs peer did not finish in " + PEER_TIMEOUT_MINUTES + " minutes");
    }
    if (node.exitValue() != 0) {
      throw new IllegalStateException("the tfjs peer failed: exit " + node.exitValue());
    }
    results.put(PREFIX + "peer.seconds", (System.nanoTime() - t0) / NANOS_PER_S);
    for (Case c : cases) {
      for (String pkg : c.scale() == PEER_PACKAGE_SCALE ? packages.keySet() : List.<String>of()) {
        score(results, c, pkg, rgb(ImageIO.read(peerPng(work, c, pkg).toFile()), c.w(), c.h()));
      }
      BufferedImage img = ImageIO.read(peerPng(work, c, PEER).toFile());
      byte[] out = rgb(img, c.w(), c.h());
      score(results, c, PEER, out);
      byte[] ours = zeroprint.get(c.key());
      if (ours != null) {
        results.put(c.key() + ".peer_vs_zeroprint.psnr_rgb", rgbPsnr(out, ours));
        results.put(c.key() + ".peer_vs_zeroprint.max_levels", maxDiff(out, ours));
        results.put(c.key() + ".peer_vs_zeroprint.differing_share", differingShare(out, ours));
      }
    }
  }

  private static Path peerPng(Path work, Case c, String model) {
    return work.resolve(c.image() + "-x" + c.scale() + "-" + model + ".png");
  }

  private static double rgbPsnr(byte[] a, byte[] b) {
    double se = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (a[i] & 0xff) - (b[i] & 0xff);
      se += d * d;
    }
    return se == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255 * a.length / se);
  }

  private static int maxDiff(byte[] a, byte[] b) {
    int max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
    }
    return max;
  }

  private static double differingShare(byte[] a, byte[] b) {
    long n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i] != b[i] ? 1 : 0;
    }
    return (double) n / a.length;
  }

  /** The top-left {@code w × h} of an image as interleaved 8-bit RGB. */
  static byte[] rgb(BufferedImage img, int w, int h) {
    byte[] px = new byte[w * h * 3];
    int i = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = img.getRGB(x, y);
        px[i++] = (byte) (v >> 16);
        px[i++] = (byte) (v >> 8);
        px[i++] = (byte) v;
      }
    }
    return px;
  }

  static BufferedImage image(byte[] rgb, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int i = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
        i += 3;
      }
    }
    return img;
  }
}
