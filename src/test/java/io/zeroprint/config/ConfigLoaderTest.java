package io.zeroprint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  @Test
  void theShippedConfigFileStatesExactlyTheBuiltInDefaults() throws Exception {
    JsonObject shipped = new JsonObject(Files.readString(Path.of("conf/zeroprint.json")));
    assertEquals(ZeroprintConfig.defaults(), shipped);
  }

  @Test
  void environmentVariablesOverrideTheFile() throws Exception {
    Path file = dir.resolve("z.json");
    Files.writeString(file, "{\"http\":{\"port\":9000},\"limits\":{\"maxUploadBytes\":1000}}");

    ZeroprintConfig c = ConfigLoader.load(Map.of(ConfigLoader.CONFIG_FILE_ENV, file.toString(),
        "ZEROPRINT_HTTP_PORT", "0", "ZEROPRINT_WORKER_QUEUE_SIZE", "3"));

    assertEquals(0, c.http().port());
    assertEquals(1000, c.limits().maxUploadBytes());
    assertEquals(3, c.worker().queueSize());
    assertEquals(BufferConfig.DEFAULT_BUDGET_BYTES, c.buffers().budgetBytes());
  }

  @Test
  void aValueOutOfRangeStopsStartUpNamingTheSettingAndItsVariable() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Map.of("ZEROPRINT_HTTP_PORT", "70000")));
    assertEquals("http.port", e.setting());
    assertTrue(e.getMessage().contains("ZEROPRINT_HTTP_PORT"), e.getMessage());
  }

  @Test
  void aValueOfTheWrongTypeIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Map.of("ZEROPRINT_LIMITS_MAX_UPLOAD_BYTES", "25MB")));
    assertEquals("limits.maxUploadBytes", e.setting());
  }

  @Test
  void anUnknownSettingInTheFileIsAnErrorNotIgnored() throws Exception {
    Path file = dir.resolve("typo.json");
    Files.writeString(file, "{\"limits\":{\"maxUplodBytes\":5}}");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Map.of(ConfigLoader.CONFIG_FILE_ENV, file.toString())));
    assertEquals("limits.maxUplodBytes", e.setting());
  }

  @Test
  void anUploadCapAboveTheMemoryBudgetIsRejected() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromJson(new JsonObject()
        .put("limits", new JsonObject().put("maxUploadBytes", 2L << 30))));
    assertEquals("limits.maxUploadBytes", e.setting());
  }

  @Test
  void theReceiptKeyFileComesFromItsVariableAndIsOtherwiseGeneratedPerProcess() {
    assertEquals("", ConfigLoader.load(Map.of()).receipts().keyFile());
    ZeroprintConfig c = ConfigLoader.load(Map.of("ZEROPRINT_RECEIPTS_KEY_FILE", "/run/secrets/receipt-key.pem"));
    assertEquals("/run/secrets/receipt-key.pem", c.receipts().keyFile());
    assertEquals(ReceiptsConfig.DEFAULT_ISSUER, c.receipts().issuer());
  }

  @Test
  void envNamesFollowTheSettingPath() {
    assertEquals("ZEROPRINT_BUFFERS_MAX_IDLE_BYTES", ConfigLoader.envName("buffers.maxIdleBytes"));
  }
}
