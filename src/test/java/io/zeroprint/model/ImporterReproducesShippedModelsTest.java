package io.zeroprint.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.config.WorkerConfig;
import io.zeroprint.model.catalog.Entry;
import io.zeroprint.model.catalog.ModelCatalog;
import io.zeroprint.model.catalog.PinnedPackage;
import io.zeroprint.model.importer.ModelImporter;
import io.zeroprint.model.importer.PackageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SavedModels under {@code models/} are what the importer makes from the pinned npm package
 * (installed by {@code .ci/run} into {@code tools/golden/node_modules} with its lockfile integrity).
 * Exported graphs are not byte-stable, so equality is judged on outputs.
 */
class ImporterReproducesShippedModelsTest {
  private static final Path PACKAGE = Path.of("tools/golden/node_modules/@upscalerjs/esrgan-slim");
  private static final int SIDE = 24;

  @TempDir
  Path out;

  @Test
  void importingThePinnedPackageGivesTheShippedModel() throws Exception {
    assertTrue(Files.isDirectory(PACKAGE), "run `npm ci --prefix tools/golden` first (.ci/run does)");
    ModelImporter importer = new ModelImporter(PinnedPackage.ESRGAN_SLIM, PackageSource.fromDirectory(PACKAGE));
    Entry x4 = ModelCatalog.ESRGAN_SLIM.entries().get(2);

    ModelManifest manifest = importer.importModel(x4, out);

    assertEquals(4, manifest.scale());
    assertEquals(10, manifest.receptiveRadius());
    assertEquals(PinnedPackage.ESRGAN_SLIM.integrity(), manifest.sourceIntegrity());
    assertTrue(Files.readString(out.resolve("esrgan-slim-x4/1.0.0/LICENSE")).contains("MIT"));
    WorkerConfig worker = new WorkerConfig(1, 1, 2, 1, 60, 1, 256);
    float[] input = new float[SIDE * SIDE * 3];
    Random random = new Random(42);
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextInt(256);
    }
    try (ModelRegistry fresh = ModelRegistry.load(out, worker);
         ModelRegistry shipped = ModelRegistry.load(Path.of("models"), worker)) {
      assertArrayEquals(run(shipped, input), run(fresh, input), 0f);
    }
  }

  @Test
  void theLockfilePinsTheSameIntegrityAsTheImporter() throws Exception {
    String lock = Files.readString(Path.of("tools/golden/package-lock.json"));
    assertTrue(lock.contains(PinnedPackage.ESRGAN_SLIM.integrity()));
  }

  private static float[] run(ModelRegistry registry, float[] input) {
    Upscaler up = registry.upscaler(4).orElseThrow();
    float[] result = new float[input.length * 16];
    up.run(input, SIDE, SIDE, result);
    return result;
  }
}
