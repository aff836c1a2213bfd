package io.zeroprint;

import io.zeroprint.model.catalog.ModelCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A models folder holding exactly the models that ship with zeroprint (links into {@code models/}),
 * so a test's expectations do not change when someone pulls more models into {@code models/}.
 */
public final class TestModels {
  private static final Path BUNDLED = Path.of("target/test-models/bundled");

  private TestModels() {}

  public static synchronized Path bundledOnly() {
    try {
      Files.createDirectories(BUNDLED);
      for (ModelCatalog.Bundle bundle : ModelCatalog.BUNDLED) {
        for (var entry : bundle.entries()) {
          Path link = BUNDLED.resolve(entry.name());
          if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, Path.of("models", entry.name()).toAbsolutePath());
          }
        }
      }
      return BUNDLED;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
