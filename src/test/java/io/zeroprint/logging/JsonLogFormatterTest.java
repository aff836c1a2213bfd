package io.zeroprint.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** One parseable, bounded JSON object per line, whatever the message holds. */
class JsonLogFormatterTest {
  private final JsonLogFormatter formatter = new JsonLogFormatter();

  @Test
  void aLineHasTheTimeLevelLoggerMessageAndFields() {
    LogRecord r = new LogRecord(Level.WARNING, "a job took {0} ms");
    r.setLoggerName("io.zeroprint.worker.JobWatchdog");
    r.setInstant(Instant.parse("2026-11-30T10:46:18.123456Z"));
    r.setParameters(new Object[] {1500, LogFields.job("j-1", "upscale").with(LogFields.REQUEST_ID, "r-1")
        .with(LogFields.STATUS, 200).with(LogFields.DURATION_MS, 1500L)});

    String line = formatter.format(r);
    assertTrue(line.endsWith(System.lineSeparator()) && line.indexOf('\n') == line.length() - 1, line);
    JsonObject json = new JsonObject(line);
    assertEquals("2026-11-30T10:46:18.123Z", json.getString("ts"));
    assertEquals("WARN", json.getString("level"));
    assertEquals("io.zeroprint.worker.JobWatchdog", json.getString("logger"));
    assertEquals("a job took 1,500 ms", json.getString("message"));
    assertEquals("j-1", json.getString("job"));
    assertEquals("upscale", json.getString("effect"));
    assertEquals("r-1", json.getString("requestId"));
    assertEquals(200, json.getInteger("status"));
    assertEquals(1500L, json.getLong("durationMs"));
  }

  @Test
  void theTimeAlwaysHasMilliseconds() {
    LogRecord r = new LogRecord(Level.INFO, "x");
    r.setInstant(Instant.parse("2026-11-30T10:46:18Z"));
    assertEquals("2026-11-30T10:46:18.000Z", new JsonObject(formatter.format(r)).getString("ts"));
  }

  @Test
  void levelsHaveTheNamesLogPipelinesExpect() {
    List<String> names = List.of(Level.SEVERE, Level.WARNING, Level.INFO, Level.CONFIG, Level.FINE, Level.FINER,
        Level.FINEST).stream().map(l -> new JsonObject(formatter.format(new LogRecord(l, "x"))).getString("level")).toList();
    assertEquals(List.of("ERROR", "WARN", "INFO", "DEBUG", "DEBUG", "TRACE", "TRACE"), names);
  }

  @Test
  void quotesNewlinesControlCharactersAndNonBmpTextSurviveTheRoundTrip() {
    String hostile = "quote \" backslash \\ newline \n return \r tab \t nul \u0000 bell \u0007 del \u007f "
        + "accents éü euro € emoji \uD83D\uDE00 line-sep \u2028 {0} '";
    String line = formatter.format(new LogRecord(Level.INFO, hostile));

    assertEquals(1, line.split("\n", -1).length - 1, "exactly one line: " + line);
    assertTrue(line.chars().allMatch(c -> c < 0x7f), "ASCII only, whatever the console's charset: " + line);
    assertEquals(hostile, new JsonObject(line).getString("message"));
  }

  @Test
  void aLoneSurrogateBecomesTheReplacementCharacter() {
    String line = formatter.format(new LogRecord(Level.INFO, "half \uD83D pair"));
    assertEquals("half \uFFFD pair", new JsonObject(line).getString("message"));
  }

  @Test
  void aHostileMessageAndExceptionCannotMakeAnUnboundedLine() {
    String huge = "\u0001\"\uD83D\uDE00x".repeat(1_000_000);
    LogRecord r = new LogRecord(Level.SEVERE, huge);
    r.setLoggerName(huge);
    Throwable t = deep(() -> new IllegalStateException(huge, new RuntimeException(huge, new Error(huge))), 500);
    r.setThrown(t);
    LogFields fields = LogFields.none();
    for (int i = 0; i < 100; i++) {
      fields = fields.with("field" + i, huge);
    }
    r.setParameters(new Object[] {fields});

    String line = formatter.format(r);
    assertTrue(line.length() <= JsonLogFormatter.MAX_LINE, "line of " + line.length() + " characters");
    JsonObject json = new JsonObject(line);
    assertTrue(json.getString("message").endsWith("\u2026"), "a cut value says so");
    assertTrue(json.getString("message").length() > 100, "the start of the message is kept");
    assertFalse(json.getString("message").contains("\uD83D\uDE00\u2026".substring(1)), "no pair is cut in half");
    JsonObject error = json.getJsonObject("error");
    assertEquals(IllegalStateException.class.getName(), error.getString("type"));
    JsonArray stack = error.getJsonArray("stack");
    assertEquals(JsonLogFormatter.MAX_STACK_LINES + 1, stack.size(), "bounded frames and a count of the rest");
    assertTrue(stack.getString(stack.size() - 1).endsWith(" more"));
    assertEquals(2, error.getJsonArray("causes").size());
    assertEquals(LogFields.MAX_FIELDS, json.fieldNames().stream().filter(f -> f.startsWith("field")).count());
  }

  @Test
  void aBrokenPatternStillGivesALine() {
    LogRecord r = new LogRecord(Level.INFO, "unbalanced {0");
    r.setParameters(new Object[] {"x"});
    assertEquals("unbalanced {0", new JsonObject(formatter.format(r)).getString("message"));
  }

  @Test
  void fieldsPassedThroughTheSystemLoggerReachTheFormatter() {
    Logger jul = Logger.getLogger("zeroprint.test.fields");
    List<LogRecord> seen = new ArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord record) {
        seen.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(h);
    try {
      Logs.log(System.getLogger("zeroprint.test.fields"), System.Logger.Level.INFO, LogFields.request("r-9"),
          "{0} done", "upscale");
    } finally {
      jul.removeHandler(h);
    }
    assertEquals(1, seen.size());
    JsonObject json = new JsonObject(formatter.format(seen.get(0)));
    assertEquals("upscale done", json.getString("message"));
    assertEquals("r-9", json.getString("requestId"));
    assertEquals("upscale done requestId=r-9", new TextLogFormatter().formatMessage(seen.get(0)));
  }

  /** An exception created {@code frames} calls deep: a long stack trace. */
  private static Throwable deep(java.util.function.Supplier<Throwable> make, int frames) {
    return frames == 0 ? make.get() : deep(make, frames - 1);
  }
}
