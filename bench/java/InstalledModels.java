import io.vertx.core.json.JsonObject;
import io.zeroprint.config.WorkerConfig;
import io.zeroprint.model.ModelManifest;
import io.zeroprint.model.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The upscale models installed in some models folders, each loadable on its own through the server's
 * {@link ModelRegistry} (same loader, session settings and warm-up). The registry holds one upscaler
 * per scale, so several tiers of one scale (slim, medium, thick) are loaded one at a time: each from
 * a scratch folder holding only a link to that model.
 */
final class InstalledModels {
  private InstalledModels() {
  }

  /** One installed upscale model: its manifest and the models folder it is in. */
  record Model(ModelManifest manifest, Path root) {
    /** A registry holding this model alone; close it to free the session. */
    ModelRegistry load(WorkerConfig worker) throws IOException {
      Path scratch = Files.createTempDirectory("zeroprint-fidelity-model");
      try {
        Files.createSymbolicLink(scratch.resolve(manifest.name()), root.resolve(manifest.name()).toAbsolutePath());
        return ModelRegistry.load(scratch, worker);
      } finally {
        Files.deleteIfExists(scratch.resolve(manifest.name()));
        Files.deleteIfExists(scratch);
      }
    }
  }

  /** Every upscale model (its newest version) in the folders, ordered by scale, then by name. */
  static List<Model> upscalers(List<Path> roots) throws IOException {
    List<Model> found = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> names = Files.list(root)) {
        for (Path name : names.filter(Files::isDirectory).sorted().toList()) {
          ModelManifest m = newest(name);
          if (m != null && "upscale".equals(m.effect())) {
            found.add(new Model(m, root));
          }
        }
      }
    }
    found.sort(Comparator.comparing((Model m) -> m.manifest().scale()).thenComparing(m -> m.manifest().name()));
    return found;
  }

  private static ModelManifest newest(Path name) throws IOException {
    ModelManifest best = null;
    try (Stream<Path> versions = Files.list(name)) {
      for (Path v : versions.filter(v -> Files.isRegularFile(v.resolve(ModelManifest.FILE_NAME))).toList()) {
        ModelManifest m = ModelManifest.fromJson(new JsonObject(Files.readString(v.resolve(ModelManifest.FILE_NAME))));
        if (best == null || compareVersions(m.version(), best.version()) > 0) {
          best = m;
        }
      }
    }
    return best;
  }

  /** "1.10.0" after "1.9.0", as the registry orders them. */
  private static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      String p = i < x.length ? x[i] : "";
      String q = i < y.length ? y[i] : "";
      int c = p.length() != q.length() ? Integer.compare(p.length(), q.length()) : p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
