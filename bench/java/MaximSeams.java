import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.ConfigLoader;
import io.zeroprint.config.ModelsConfig;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.effects.restore.Restorer;
import io.zeroprint.effects.restore.RestoreFamily;
import io.zeroprint.image.RgbImage;
import io.zeroprint.model.GraphModel;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.model.TiledModel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * How far MAXIM's tiling moves its output. MAXIM mixes information across its whole input, so a
 * tile's core comes out differently from the same pixels in one pass, and the difference jumps where
 * tiles meet. On an image of one tile's side (a lightly blurred photo, what deblurring is for) this
 * runs the model once untiled, then tiled as the server tiles it ({@link Restorer}: the configured
 * tile side, each overlap given), and reports per overlap: the largest and mean difference from the
 * untiled run in 8-bit levels (and where the largest is), their PSNR, and two seam measures: the
 * mean step of the difference (tiled − untiled) between neighbouring pixels across a tile boundary
 * against the same step everywhere else (1 = the boundaries do not show in the difference; the
 * image's own edges cancel because both runs contain them), and the visible one, the image's mean
 * gradient across the boundaries relative to elsewhere, tiled against untiled (equal = no seam).
 *
 * <p>Args: {@code RESULTS_FILE MODELS_DIR IMAGE EFFECT OVERLAP...}
 */
public final class MaximSeams {
  private static final double BLUR_SIGMA = 1.5;
  /**
   * Pixels from the image's border left out of the "inside" maximum: there the last tile's window is
   * short and mirrored out to the model's multiple, which the untiled run never sees.
   */
  static final int EDGE = 32;
  private static final double NANOS_PER_S = 1e9;

  private MaximSeams() {
  }

  public static void main(String[] args) throws Exception {
    Results results = Results.fromArg(args[0]);
    Path dir = Path.of(args[1]);
    String modelName = RestoreFamily.MODELS.get(args[3]);
    ZeroprintConfig config = ConfigLoader.load();
    ModelsConfig models = config.models();
    int side = models.restorationTileSide();
    ModelsConfig settings = new ModelsConfig(dir.toString(), true, models.restorationOptimizer(), side,
        models.restorationOverlap());
    BufferedImage img = ImageIO.read(Path.of(args[2]).toFile());
    int crop = Math.min(img.getWidth(), img.getHeight());
    byte[] square = Fidelity.rgb(img.getSubimage(0, 0, crop, crop), crop, crop);
    byte[] input = blur(Bicubic.resize(square, crop, crop, side, side), side, side);
    results.put("seams.model", modelName);
    results.put("seams.side", side);
    results.put("seams.default_overlap", models.restorationOverlap());
    results.put("seams.blur_sigma", BLUR_SIGMA);
    SegmentPool pool = new SegmentPool(config.buffers());
    long t0 = System.nanoTime();
    try (ModelRegistry registry = ModelRegistry.load(settings, config.worker())) {
      GraphModel model = registry.model(modelName).orElseThrow(() -> new IllegalStateException(modelName
          + " is not installed in " + dir));
      results.put("seams.load_seconds", (System.nanoTime() - t0) / NANOS_PER_S);
      try (RgbImage src = new RgbImage(side, side, pool.leaseBytes(input.length))) {
        System.arraycopy(input, 0, src.bytes(), 0, input.length);
        t0 = System.nanoTime();
        byte[] whole = copy(new TiledModel(model, pool).run(src, side, 0, (d, t) -> { }));
        results.put("seams.untiled.seconds", (System.nanoTime() - t0) / NANOS_PER_S);
        results.put("seams.untiled.changed_levels_mean", meanAbs(whole, input));
        StringBuilder overlaps = new StringBuilder();
        for (int i = 4; i < args.length; i++) {
          int overlap = Integer.parseInt(args[i]);
          overlaps.append(overlaps.isEmpty() ? "" : ",").append(overlap);
          t0 = System.nanoTime();
          byte[] tiled = copy(new Restorer(model, pool, side, overlap).run(src, (d, t) -> { }));
          String k = "seams.o" + overlap;
          results.put(k + ".seconds", (System.nanoTime() - t0) / NANOS_PER_S);
          results.put(k + ".core", side - 2 * overlap);
          measure(results, k, tiled, whole, side, side - 2 * overlap);
        }
        results.put("seams.overlaps", overlaps.toString());
      }
    }
  }

  private static byte[] copy(RgbImage img) {
    try (img) {
      return img.bytes().clone();
    }
  }

  private static void measure(Results results, String k, byte[] tiled, byte[] whole, int side, int core) {
    int max = 0;
    int at = 0;
    int maxInside = 0;
    double se = 0;
    for (int i = 0; i < tiled.length; i++) {
      int d = Math.abs((tiled[i] & 0xff) - (whole[i] & 0xff));
      if (d > max) {
        max = d;
        at = i / 3;
      }
      int x = i / 3 % side;
      int y = i / 3 / side;
      if (Math.min(Math.min(x, y), Math.min(side - 1 - x, side - 1 - y)) >= EDGE) {
        maxInside = Math.max(maxInside, d);
      }
      se += (double) d * d;
    }
    results.put(k + ".max_levels", max);
    results.put(k + ".max_levels_inside", maxInside);
    results.put(k + ".max_at", (at % side) + "," + (at / side));
    results.put(k + ".mean_levels", meanAbs(tiled, whole));
    results.put(k + ".psnr", se == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255 * tiled.length / se));
    // The step of the difference between neighbours, across core boundaries and elsewhere (both directions).
    double across = 0;
    long nAcross = 0;
    double within = 0;
    long nWithin = 0;
    double[] gradTiled = new double[2]; // mean |neighbour step| of the tiled output: [across, elsewhere]
    double[] gradWhole = new double[2]; // the same positions in the untiled output
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        for (int c = 0; c < 3; c++) {
          double d = diff(tiled, whole, side, x, y, c);
          if (x > 0) {
            double step = Math.abs(d - diff(tiled, whole, side, x - 1, y, c));
            int where = x % core == 0 ? 0 : 1;
            gradTiled[where] += Math.abs(level(tiled, side, x, y, c) - level(tiled, side, x - 1, y, c));
            gradWhole[where] += Math.abs(level(whole, side, x, y, c) - level(whole, side, x - 1, y, c));
            if (x % core == 0) {
              across += step;
              nAcross++;
            } else {
              within += step;
              nWithin++;
            }
          }
          if (y > 0) {
            double step = Math.abs(d - diff(tiled, whole, side, x, y - 1, c));
            int where = y % core == 0 ? 0 : 1;
            gradTiled[where] += Math.abs(level(tiled, side, x, y, c) - level(tiled, side, x, y - 1, c));
            gradWhole[where] += Math.abs(level(whole, side, x, y, c) - level(whole, side, x, y - 1, c));
            if (y % core == 0) {
              across += step;
              nAcross++;
            } else {
              within += step;
              nWithin++;
            }
          }
        }
      }
    }
    double a = nAcross == 0 ? 0 : across / nAcross;
    double w = within / nWithin;
    results.put(k + ".step_across_levels", a);
    results.put(k + ".step_elsewhere_levels", w);
    results.put(k + ".seam_ratio", w == 0 ? (a == 0 ? 1 : Double.POSITIVE_INFINITY) : a / w);
    if (nAcross > 0) {
      // The image's own gradient across the boundaries, tiled and untiled, relative to elsewhere.
      results.put(k + ".gradient_ratio_tiled", (gradTiled[0] / nAcross) / (gradTiled[1] / nWithin));
      results.put(k + ".gradient_ratio_untiled", (gradWhole[0] / nAcross) / (gradWhole[1] / nWithin));
    }
  }

  private static int level(byte[] a, int side, int x, int y, int c) {
    return a[(y * side + x) * 3 + c] & 0xff;
  }

  private static double diff(byte[] a, byte[] b, int side, int x, int y, int c) {
    int i = (y * side + x) * 3 + c;
    return (a[i] & 0xff) - (b[i] & 0xff);
  }

  private static double meanAbs(byte[] a, byte[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
    }
    return sum / a.length;
  }

  /** A Gaussian blur (σ = 1.5, edges repeated), rounded to 8 bits: the blurred photo to restore. */
  private static byte[] blur(byte[] rgb, int w, int h) {
    int r = (int) Math.ceil(3 * BLUR_SIGMA);
    double[] g = new double[2 * r + 1];
    double total = 0;
    for (int i = -r; i <= r; i++) {
      g[i + r] = Math.exp(-i * i / (2 * BLUR_SIGMA * BLUR_SIGMA));
      total += g[i + r];
    }
    double[] rows = new double[rgb.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double s = 0;
          for (int i = -r; i <= r; i++) {
            int xx = Math.min(w - 1, Math.max(0, x + i));
            s += g[i + r] * (rgb[(y * w + xx) * 3 + c] & 0xff);
          }
          rows[(y * w + x) * 3 + c] = s / total;
        }
      }
    }
    byte[] out = new byte[rgb.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double s = 0;
          for (int i = -r; i <= r; i++) {
            int yy = Math.min(h - 1, Math.max(0, y + i));
            s += g[i + r] * rows[(yy * w + x) * 3 + c];
          }
          out[(y * w + x) * 3 + c] = (byte) (int) Math.round(s / total);
        }
      }
    }
    return out;
  }
}
