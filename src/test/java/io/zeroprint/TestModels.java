package io.zeroprint;

import io.zeroprint.model.catalog.ModelCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Models folders holding models that ship with zeroprint (links into {@code models/}), so a test's
 * expectations do not change when someone pulls more models into {@code models/}.
 */
public final class TestModels {
  private static final Path BUNDLED = Path.of("target/test-models/bundled");
  private static final Path EVERY_BUNDLED = Path.of("target/test-models/every-bundled");

  private TestModels() {}

  /**
   * The bundled models but the balanced upscaling tier: most tests upscale with the default tier, and
   * loading ESRGAN-medium's four models would add a second or two to every server start.
   */
  public static synchronized Path bundledOnly() {
    return folder(BUNDLED, ModelCatalog.BUNDLED.stream().filter(b -> b != ModelCatalog.ESRGAN_MEDIUM).toList());
  }

  /** Every bundled model, the balanced tier's included. */
  public static synchronized Path everyBundled() {
    return folder(EVERY_BUNDLED, ModelCatalog.BUNDLED);
  }

  private static Path folder(Path dir, List<ModelCatalog.Bundle> bundles) {
    try {
      Files.createDirectories(dir);
      for (ModelCatalog.Bundle bundle : bundles) {
        for (var entry : bundle.entries()) {
          Path link = dir.resolve(entry.name());
          if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, Path.of("models", entry.name()).toAbsolutePath());
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
