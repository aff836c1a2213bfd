package io.zeroprint.logging;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code ts} (RFC 3339, UTC), {@code level}, {@code logger},
 * {@code message}, the record's {@link LogFields} ({@code requestId}, {@code job}, {@code effect},
 * {@code status}, {@code durationMs}, …) and, for a record with a throwable, {@code error}. Every
 * value is bounded, so no message, however hostile, makes a line longer than {@link #MAX_LINE}
 * characters; a cut value ends with an ellipsis.
 */
public final class JsonLogFormatter extends Formatter {
  /** The longest line written, end of line included. */
  public static final int MAX_LINE = 16 * 1024;
  static final int MAX_MESSAGE = 4 * 1024;
  static final int MAX_LOGGER = 128;
  static final int MAX_FIELD = 256;
  static final int MAX_ERROR_MESSAGE = 512;
  static final int MAX_STACK_LINES = 12;
  static final int MAX_STACK_LINE = 160;
  static final int MAX_CAUSES = 3;
  /** RFC 3339 in UTC, always with milliseconds: every line's time has the same width. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  @Override
  public String format(LogRecord r) {
    JsonLine line = new JsonLine()
        .string("ts", TIME.format(r.getInstant()), 40)
        .string("level", level(r.getLevel()), 16)
        .string("logger", String.valueOf(r.getLoggerName()), MAX_LOGGER)
        .string("message", message(r), MAX_MESSAGE);
    for (Map.Entry<String, Object> f : LogFields.of(r.getParameters()).values().entrySet()) {
      if (f.getValue() instanceof Number n) {
        line.number(f.getKey(), n);
      } else if (f.getValue() instanceof Boolean b) {
        line.bool(f.getKey(), b);
      } else {
        line.string(f.getKey(), String.valueOf(f.getValue()), MAX_FIELD);
      }
    }
    if (r.getThrown() != null) {
      line.raw("error", error(r.getThrown()));
    }
    return line.end() + System.lineSeparator();
  }

  /** The names log pipelines expect, rather than the JDK's SEVERE, FINE, … */
  static String level(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return "ERROR";
    } else if (v >= Level.WARNING.intValue()) {
      return "WARN";
    } else if (v >= Level.INFO.intValue()) {
      return "INFO";
    } else if (v >= Level.FINE.intValue()) {
      return "DEBUG";
    }
    return "TRACE";
  }

  private String message(LogRecord r) {
    try {
      String m = formatMessage(r);
      return m == null ? "" : m;
    } catch (RuntimeException e) { // a bad pattern: the raw text, rather than no line at all
      return String.valueOf(r.getMessage());
    }
  }

  /** {@code {"type", "message", "stack": [first frames], "causes": [type: message, …]}}, all bounded. */
  private static String error(Throwable t) {
    JsonLine e = new JsonLine().string("type", t.getClass().getName(), MAX_LOGGER);
    if (t.getMessage() != null) {
      e.string("message", t.getMessage(), MAX_ERROR_MESSAGE);
    }
    StringBuilder stack = new StringBuilder("[");
    StackTraceElement[] frames = t.getStackTrace();
    for (int i = 0; i < Math.min(frames.length, MAX_STACK_LINES); i++) {
      stack.append(i == 0 ? "\"" : ",\"");
      JsonLine.appendEscaped(stack, frames[i].toString(), MAX_STACK_LINE);
      stack.append('"');
    }
    if (frames.length > MAX_STACK_LINES) {
      stack.append(",\"").append(frames.length - MAX_STACK_LINES).append(" more\"");
    }
    e.raw("stack", stack.append(']').toString());
    StringBuilder causes = new StringBuilder("[");
    Throwable c = t.getCause();
    for (int i = 0; c != null && c != t && i < MAX_CAUSES; i++, c = c.getCause()) {
      causes.append(i == 0 ? "\"" : ",\"");
      // Appended piece by piece: a huge message is never copied whole, only its bounded start.
      JsonLine.appendEscaped(causes, c.getClass().getName(), MAX_LOGGER);
      if (c.getMessage() != null) {
        causes.append(": ");
        JsonLine.appendEscaped(causes, c.getMessage(), MAX_ERROR_MESSAGE);
      }
      causes.append('"');
    }
    if (causes.length() > 1) {
      e.raw("causes", causes.append(']').toString());
    }
    return e.end();
  }
}
