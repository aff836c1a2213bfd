package io.zeroprint.model;

import io.zeroprint.config.WorkerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled graph models, as converted by the importer, give what TensorFlow.js gives on the
 * same input (fixtures made by {@code tools/golden/make-effects-golden.mjs}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConvertedGraphModelsMatchTfjsTest {
  private ModelRegistry models;

  @BeforeAll
  void load() throws Exception {
    models = ModelRegistry.load(Path.of("models"), new WorkerConfig(1, 1, 2, 1, 60, 1, 256));
  }

  @AfterAll
  void close() {
    models.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"blazeface", "facemesh", "selfie"})
  void convertedModelAgreesWithTfjs(String name) {
    GoldenFixture.assertAgrees(models.model(name).orElseThrow(), "golden/effects/" + name);
  }
}
