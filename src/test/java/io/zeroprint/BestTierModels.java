package io.zeroprint;

import io.zeroprint.model.catalog.Entry;
import io.zeroprint.model.catalog.ModelCatalog;
import io.zeroprint.model.importer.ModelImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A models folder for tests of the {@code best} upscaling tier: every bundled model plus the four
 * ESRGAN-thick models, installed the way {@code models pull upscale-best} installs them (npm pack,
 * sha512 check, conversion) into {@code target/}, once per clone — or taken from {@code models/}
 * when a developer pulled them there.
 */
public final class BestTierModels {
  /** Not the restoration tests' folder: they load every model found there. */
  private static final Path PULLED = Path.of("target/test-models/pulled-best");
  private static final Path WITH_BEST = Path.of("target/test-models/with-best");

  private BestTierModels() {}

  public static synchronized Path folder() {
    try {
      Path from = Files.isDirectory(Path.of("models", name(3))) ? Path.of("models") : PULLED;
      if (!Files.isDirectory(from.resolve(name(3)))) {
        ModelImporter.importBundle(ModelCatalog.ESRGAN_THICK, null, PULLED);
      }
      Files.createDirectories(WITH_BEST);
      Path bundled = TestModels.everyBundled();
      for (Path p : Files.list(bundled).toList()) {
        link(p.getFileName().toString(), p.toRealPath());
      }
      for (Entry e : ModelCatalog.ESRGAN_THICK.entries()) {
        link(e.name(), from.resolve(e.name()).toAbsolutePath());
      }
      return WITH_BEST;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("could not install the best tier (npm registry reachable?)", e);
    }
  }

  /** The last entry is converted last: its folder existing means the pull finished. */
  private static String name(int index) {
    return ModelCatalog.ESRGAN_THICK.entries().get(index).name();
  }

  private static void link(String name, Path target) throws IOException {
    Path link = WITH_BEST.resolve(name);
    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, target);
    }
  }
}
