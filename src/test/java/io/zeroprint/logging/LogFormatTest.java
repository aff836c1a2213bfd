package io.zeroprint.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The setting picks the format of every line the root logger's handlers write. */
class LogFormatTest {
  @Test
  void installingAFormatSetsItOnTheRootLoggersHandlers() {
    Logger root = Logger.getLogger("");
    ConsoleHandler console = new ConsoleHandler();
    root.addHandler(console);
    try {
      LogFormat.install(LogFormat.TEXT);
      assertInstanceOf(TextLogFormatter.class, console.getFormatter());
      LogFormat.install(LogFormat.JSON);
      assertInstanceOf(JsonLogFormatter.class, console.getFormatter());
    } finally {
      root.removeHandler(console);
    }
  }

  @Test
  void theTextFormatAppendsTheFieldsToTheMessage() {
    LogRecord r = new LogRecord(Level.INFO, "job failed: {0}");
    r.setParameters(new Object[] {"java.lang.OutOfMemoryError", LogFields.job("j-1", "restore")});
    assertEquals("job failed: java.lang.OutOfMemoryError job=j-1 effect=restore", new TextLogFormatter().formatMessage(r));
  }

  @Test
  void anUnknownFormatIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> LogFormat.formatter("xml"));
  }
}
