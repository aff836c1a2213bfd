package io.zeroprint.privacy;

import io.vertx.core.json.JsonObject;
import io.zeroprint.logging.JsonLogFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures everything logged through JUL (zeroprint's, Vert.x's, Netty's) while installed, in the
 * text format and, the same records, in the JSON-lines format.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();
  private final List<String> jsonLines = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final JsonLogFormatter json = new JsonLogFormatter();

  public static LogCapture install() {
    LogCapture c = new LogCapture();
    Logger.getLogger("").addHandler(c);
    return c;
  }

  @Override
  public synchronized void publish(LogRecord r) {
    lines.add(r.getLoggerName() + " " + formatter.format(r));
    jsonLines.add(json.format(r));
    notifyAll();
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  public synchronized String text() {
    return String.join("\n", lines);
  }

  /** Every captured record as the JSON-lines format writes it. */
  public synchronized String jsonText() {
    return String.join("", jsonLines);
  }

  /** The JSON lines of one logger, parsed. */
  public synchronized List<JsonObject> json(String logger) {
    return jsonLines.stream().map(JsonObject::new).filter(j -> logger.equals(j.getString("logger"))).toList();
  }

  /** Waits for a JSON line of {@code logger} that {@code p} accepts; fails after {@code timeout}. */
  public synchronized JsonObject await(String logger, Predicate<JsonObject> p, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (JsonObject j : json(logger)) {
        if (p.test(j)) {
          return j;
        }
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + logger + " line as expected in " + timeout + ":\n" + String.join("", jsonLines));
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
