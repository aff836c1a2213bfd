package io.zeroprint.model;

import io.vertx.core.json.JsonObject;
import io.zeroprint.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;

/**
 * Loads every SavedModel under the models folder once (the newest version of each name), warms it
 * up, and hands out the loaded sessions for reuse. Loading blocks: call it from a worker thread.
 */
public final class ModelRegistry implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ModelRegistry.class.getName());
  private static final String SERVE_TAG = "serve";
  private static final int WARM_UP_SIDE = 16;

  private final Map<Integer, Upscaler> upscalers;

  private ModelRegistry(Map<Integer, Upscaler> upscalers) {
    this.upscalers = upscalers;
  }

  public static ModelRegistry load(Path dir, WorkerConfig worker) throws IOException {
    ConfigProto config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(worker.intraOpThreads())
        .setInterOpParallelismThreads(worker.interOpThreads())
        .build();
    Map<Integer, Upscaler> upscalers = new HashMap<>();
    for (Path versionDir : newestVersions(dir)) {
      ModelManifest m = ModelManifest.fromJson(new JsonObject(Files.readString(versionDir.resolve(ModelManifest.FILE_NAME))));
      if (!"upscale".equals(m.effect())) {
        continue;
      }
      SavedModelBundle bundle = SavedModelBundle.loader(versionDir.toString()).withTags(SERVE_TAG)
          .withConfigProto(config).load();
      Upscaler up = new Upscaler(m, bundle);
      warmUp(up);
      upscalers.put(m.scale(), up);
      LOG.log(System.Logger.Level.INFO, "model {0}/{1} loaded (×{2}, {3} {4})", m.name(), m.version(), m.scale(),
          m.sourcePackage(), m.license());
    }
    return new ModelRegistry(upscalers);
  }

  public Optional<Upscaler> upscaler(int scale) {
    return Optional.ofNullable(upscalers.get(scale));
  }

  public List<ModelManifest> manifests() {
    List<ModelManifest> list = new ArrayList<>();
    upscalers.values().forEach(u -> list.add(u.manifest()));
    list.sort(Comparator.comparingInt(ModelManifest::scale));
    return Collections.unmodifiableList(list);
  }

  @Override
  public void close() {
    upscalers.values().forEach(Upscaler::close);
  }

  /** The first run of a graph pays for its optimisation; do it before declaring readiness. */
  private static void warmUp(Upscaler up) {
    int n = WARM_UP_SIDE * WARM_UP_SIDE * 3;
    up.run(new float[n], WARM_UP_SIDE, WARM_UP_SIDE, new float[n * up.scale() * up.scale()]);
  }

  private static List<Path> newestVersions(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("models folder not found: " + dir.toAbsolutePath());
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
