package io.zeroprint.model;

import io.zeroprint.BestTierModels;
import io.zeroprint.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The balanced (ESRGAN-medium, bundled) and best (ESRGAN-thick, pulled) upscalers, as converted by
 * the importer, give what TensorFlow.js gives with UpscalerJS's own layer code on the same 32×32
 * input, untiled (fixtures made by {@code tools/golden/make-tier-golden.mjs}). For thick this checks
 * MultiplyBeta and the PixelShuffle depth-to-space channel order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpscaleTiersMatchTfjsTest {
  private static final Path ONLY_THESE = Path.of("target/test-models/tier-golden");
  private static final List<String> NAMES = List.of("esrgan-medium-x2", "esrgan-medium-x4", "esrgan-thick-x2",
      "esrgan-thick-x4");
  private ModelRegistry models;

  @BeforeAll
  void load() throws Exception {
    Path all = BestTierModels.folder();
    Files.createDirectories(ONLY_THESE);
    for (String name : NAMES) {
      Path link = ONLY_THESE.resolve(name);
      if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, all.resolve(name).toRealPath());
      }
    }
    models = ModelRegistry.load(ONLY_THESE, new WorkerConfig(1, 1, 2, 1, 60, 1, 256));
  }

  @AfterAll
  void close() {
    models.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"esrgan-medium-x2", "esrgan-medium-x4", "esrgan-thick-x2", "esrgan-thick-x4"})
  void convertedUpscalerAgreesWithTfjs(String name) {
    GoldenFixture.assertAgrees(models.upscaler(name).orElseThrow().graph(), "golden/tiers/" + name);
  }
}
