package io.zeroprint.model;

import io.vertx.core.json.JsonObject;
import io.zeroprint.config.ModelsConfig;
import io.zeroprint.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Loads every SavedModel under the models folder once (the newest version of each name), warms it
 * up, and hands out the loaded sessions for reuse. Loading blocks: call it from a worker thread.
 */
public final class ModelRegistry implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ModelRegistry.class.getName());
  private static final String SERVE_TAG = "serve";
  private static final String UPSCALE = "upscale";
  private static final String RESTORATION = "restoration";
  private static final int WARM_UP_SIDE = 16;

  /** By model name, e.g. {@code esrgan-slim-x4}: one per factor and tier. */
  private final Map<String, Upscaler> upscalers;
  private final Map<String, GraphModel> models;

  private ModelRegistry(Map<String, Upscaler> upscalers, Map<String, GraphModel> models) {
    this.upscalers = upscalers;
    this.models = models;
  }

  /** With the default model settings, upscalers compiled when first used (tests and tools). */
  public static ModelRegistry load(Path dir, WorkerConfig worker) throws IOException {
    return load(new ModelsConfig(dir.toString(), ModelsConfig.DEFAULT_WARM_UP,
        ModelsConfig.DEFAULT_RESTORATION_OPTIMIZER, ModelsConfig.DEFAULT_RESTORATION_TILE_SIDE,
        ModelsConfig.DEFAULT_RESTORATION_OVERLAP, ModelsConfig.DEFAULT_UPSCALE_TILE_SIDE,
        ModelsConfig.COMPILE_LAZILY), worker);
  }

  public static ModelRegistry load(ModelsConfig settings, WorkerConfig worker) throws IOException {
    Map<String, Upscaler> upscalers = new TreeMap<>();
    Map<String, GraphModel> models = new LinkedHashMap<>();
    try {
      for (Path versionDir : newestVersions(Path.of(settings.dir()))) {
        ModelManifest m = ModelManifest.fromJson(new JsonObject(Files.readString(versionDir.resolve(ModelManifest.FILE_NAME))));
        boolean optimise = !RESTORATION.equals(m.effect()) || settings.restorationOptimizer();
        long started = System.nanoTime();
        GraphModel model = new GraphModel(m, SavedModelBundle.loader(versionDir.toString()).withTags(SERVE_TAG)
            .withConfigProto(sessionConfig(worker, optimise)).load());
        if (UPSCALE.equals(m.effect())) {
          Upscaler upscaler = new Upscaler(model, Tiler.windowSide(settings.upscaleTileSide(), worker.tileOutputSide(), m.scale()));
          upscalers.put(m.name(), upscaler);
          if (!ModelsConfig.COMPILE_OFF.equals(settings.upscaleCompile())) {
            compile(upscaler, versionDir, worker, settings.warmUp()
                && ModelsConfig.COMPILE_AT_STARTUP.equals(settings.upscaleCompile()));
          }
        } else {
          models.put(m.name(), model);
        }
        if (settings.warmUp()) {
          warmUp(model);
        }
        LOG.log(System.Logger.Level.INFO, "model {0}/{1} ready ({2}, {3} {4}) in {5} ms", m.name(), m.version(),
            m.effect(), m.sourcePackage(), m.license(), (System.nanoTime() - started) / 1_000_000);
      }
    } catch (IOException | RuntimeException e) {
      upscalers.values().forEach(Upscaler::close);
      models.values().forEach(GraphModel::close);
      throw e;
    }
    return new ModelRegistry(upscalers, models);
  }

  /** An upscaler by model name, e.g. {@code esrgan-slim-x4}. */
  public Optional<Upscaler> upscaler(String name) {
    return Optional.ofNullable(upscalers.get(name));
  }

  /** A non-upscaling model by name, e.g. {@code blazeface} or {@code maxim-deblurring}. */
  public Optional<GraphModel> model(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** Whether a model of this name is loaded: the one answer to "is it installed?" on the worker. */
  public boolean has(String name) {
    return models.containsKey(name) || upscalers.containsKey(name);
  }

  /** Every loaded model's manifest, upscalers first. */
  public List<ModelManifest> manifests() {
    List<ModelManifest> list = new ArrayList<>();
    upscalers.values().forEach(u -> list.add(u.manifest()));
    models.values().forEach(g -> list.add(g.manifest()));
    return List.copyOf(list);
  }

  @Override
  public void close() {
    upscalers.values().forEach(Upscaler::close);
    models.values().forEach(GraphModel::close);
  }

  /**
   * Every model computes the graph as written, in float32, on every CPU.
   *
   * <p>Grappler's remapper is off. TensorFlow turns its oneDNN ops on by default only on CPUs with
   * AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX (TF_ENABLE_ONEDNN_OPTS overrides), and on those the
   * remapper rewrites Conv2D/DepthwiseConv2dNative + bias + {@code x·relu6(x+3)·c} into a fused
   * oneDNN hard-swish computed with exactly 1/6. The selfie graph (float16-quantised weights) holds
   * c = 0.16662598, float16's 1/6, in 11 such layers; fused, its mask moved by up to 0.031 from
   * TensorFlow.js on such a CPU, while an AVX2-only CPU (oneDNN off by default) agreed to 9e-5.
   * Without the remapper it agrees to 8e-5 on both. Measured cost: selfie ~8 → ~10 ms at 256×256
   * on 2 threads; blazeface, facemesh and ESRGAN no slower and their outputs bit-identical.
   *
   * <p>The bfloat16 / mixed-precision rewrites are pinned off too. They are not active today (the
   * optimiser log lists no auto_mixed_precision pass here, on an AVX512_BF16 CPU), but a default
   * that depends on the CPU must not be able to move the server to bfloat16 unnoticed.
   */
  public static ConfigProto sessionConfig(WorkerConfig worker, boolean optimise) {
    RewriterConfig.Builder rewrite = RewriterConfig.newBuilder()
        .setRemapping(RewriterConfig.Toggle.OFF)
        .setAutoMixedPrecision(RewriterConfig.Toggle.OFF)
        .setAutoMixedPrecisionMkl(RewriterConfig.Toggle.OFF)
        .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.OFF)
        .setAutoMixedPrecisionCpu(RewriterConfig.Toggle.OFF);
    if (!optimise) {
      rewrite.setDisableMetaOptimizer(true);
    }
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(worker.intraOpThreads())
        .setInterOpParallelismThreads(worker.interOpThreads())
        .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(rewrite))
        .build();
  }

  /**
   * Loads the upscaler's SavedModel a second time in a session XLA compiles, for full-size tiles. XLA
   * fuses the graph into kernels it generates for this CPU: measured here 1.26–1.43× the plain
   * session's speed on the ESRGAN models at 128² and 256² tiles, outputs within 2.3e-4 of it (float
   * rounding). It compiles once per input shape (about 1 s for a 256² tile here), which is why only
   * the one full-tile shape goes to it; {@code now} compiles it before readiness.
   */
  private static void compile(Upscaler upscaler, Path versionDir, WorkerConfig worker, boolean now) {
    ConfigProto xla = compiledSessionConfig(worker);
    int side = upscaler.tileSide();
    upscaler.graph().compileFor(SavedModelBundle.loader(versionDir.toString()).withTags(SERVE_TAG).withConfigProto(xla)
        .load(), side, side);
    if (now) {
      upscaler.run(new float[side * side * 3], side, side, new float[side * side * 3 * upscaler.scale() * upscaler.scale()]);
    }
  }

  /** An upscaler's plain settings with XLA asked to compile the whole graph (and allowed to, on the CPU). */
  public static ConfigProto compiledSessionConfig(WorkerConfig worker) {
    XlaJit.enableOnCpu();
    ConfigProto plain = sessionConfig(worker, true);
    return plain.toBuilder().setGraphOptions(plain.getGraphOptions().toBuilder()
        .setOptimizerOptions(OptimizerOptions.newBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_2)))
        .build();
  }

  /** The first run of a graph pays for its initialisation; do it before declaring readiness. */
  private static void warmUp(GraphModel model) {
    ModelManifest m = model.manifest();
    int side = Math.max(WARM_UP_SIDE, m.sizeMultiple());
    int h = m.inputHeight() > 0 ? m.inputHeight() : side;
    int w = m.inputWidth() > 0 ? m.inputWidth() : side;
    Map<String, float[]> outputs = new LinkedHashMap<>();
    outputs.put(m.outputName(), new float[h * w * 3 * m.scale() * m.scale()]);
    model.run(new float[h * w * 3], h, w, 3, outputs);
  }

  private static List<Path> newestVersions(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("models folder not found: " + dir.toAbsolutePath()
          + " (set models.dir or ZEROPRINT_MODELS_DIR to the folder the models were imported into)");
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> names = Files.list(dir)) {
      for (Path name : names.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> versions = Files.list(name)) {
          versions.filter(v -> Files.isRegularFile(v.resolve(ModelManifest.FILE_NAME)))
              .max(Comparator.comparing(ModelRegistry::versionKey))
              .ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** "1.10.0" sorts after "1.9.0". */
  private static String versionKey(Path v) {
    StringBuilder key = new StringBuilder();
    for (String part : v.getFileName().toString().split("\\.")) {
      key.append(String.format("%10s", part)).append('.');
    }
    return key.toString();
  }
}
