package io.zeroprint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON lines and no access log unless asked; a format nobody writes stops start-up naming its setting. */
class LoggingSettingsTest {
  @Test
  void logsAreJsonLinesWithoutAnAccessLogByDefault() {
    LoggingConfig logging = ConfigLoader.load(Map.of()).logging();
    assertEquals("json", logging.format());
    assertFalse(logging.accessLog());
  }

  @Test
  void theEnvironmentTurnsOnTheAccessLogAndTheTextFormat() {
    LoggingConfig logging = ConfigLoader.load(Map.of("ZEROPRINT_LOGGING_FORMAT", "text",
        "ZEROPRINT_LOGGING_ACCESS_LOG", "true")).logging();
    assertEquals("text", logging.format());
    assertTrue(logging.accessLog());
  }

  @Test
  void aFormatNobodyWritesIsABadSetting() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(Map.of("ZEROPRINT_LOGGING_FORMAT", "logfmt")));
    assertEquals("logging.format", e.setting());
    assertTrue(e.getMessage().contains("ZEROPRINT_LOGGING_FORMAT"), e.getMessage());
  }
}
