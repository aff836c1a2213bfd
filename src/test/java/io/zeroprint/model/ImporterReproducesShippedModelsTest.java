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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SavedModels under {@code models/} are what the importer makes from the pinned npm packages
 * (installed by {@code .ci/run} into {@code tools/golden/node_modules} with their lockfile integrity).
 * Exported graphs are not byte-stable, so equality is judged on outputs.
 */
class ImporterReproducesShippedModelsTest {
  private static final Path MODULES = Path.of("tools/golden/node_modules");
  private static final int SIDE = 24;

  @TempDir
  Path out;

  static Stream<Arguments> bundledUpscalers() {
    return Stream.of(Arguments.of(ModelCatalog.ESRGAN_SLIM, 10), Arguments.of(ModelCatalog.ESRGAN_MEDIUM, 18));
  }

  @ParameterizedTest
  @MethodSource("bundledUpscalers")
  void importingThePinnedPackageGivesTheShippedModel(ModelCatalog.Bundle bundle, int radius) throws Exception {
    PinnedPackage pin = bundle.pin();
    Path pkg = MODULES.resolve(pin.name());
    assertTrue(Files.isDirectory(pkg), "run `npm ci --prefix tools/golden` first (.ci/run does)");
    ModelImporter importer = new ModelImporter(pin, PackageSource.fromDirectory(pkg));
    Entry x4 = bundle.entries().get(2);

    ModelManifest manifest = importer.importModel(x4, out);

    assertEquals(4, manifest.scale());
    assertEquals(radius, manifest.receptiveRadius());
    assertEquals(pin.integrity(), manifest.sourceIntegrity());
    assertTrue(Files.readString(out.resolve(x4.name()).resolve("1.0.0/LICENSE")).contains("MIT"));
    WorkerConfig worker = new WorkerConfig(1, 1, 2, 1, 60, 1, 256);
    float[] input = new float[SIDE * SIDE * 3];
    Random random = new Random(42);
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextInt(256);
    }
    try (ModelRegistry fresh = ModelRegistry.load(out, worker);
         ModelRegistry shipped = ModelRegistry.load(Path.of("models"), worker)) {
      assertArrayEquals(run(shipped, x4.name(), input), run(fresh, x4.name(), input), 0f);
    }
  }

  @Test
  void theLockfilePinsTheSameIntegrityAsTheImporter() throws Exception {
    String lock = Files.readString(Path.of("tools/golden/package-lock.json"));
    assertTrue(lock.contains(PinnedPackage.ESRGAN_SLIM.integrity()));
    assertTrue(lock.contains(PinnedPackage.ESRGAN_MEDIUM.integrity()));
    assertTrue(lock.contains(PinnedPackage.ESRGAN_THICK.integrity()));
  }

  private static float[] run(ModelRegistry registry, String name, float[] input) {
    Upscaler up = registry.upscaler(name).orElseThrow();
    float[] result = new float[input.length * 16];
    up.run(input, SIDE, SIDE, result);
    return result;
  }
}
