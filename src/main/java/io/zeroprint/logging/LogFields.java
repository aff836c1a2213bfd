package io.zeroprint.logging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a log line is about — request id, job, effect, status, duration — carried as the last
 * parameter of the log record itself. No thread-bound context (an MDC): a request hops between
 * event loops, worker threads and callbacks, so a thread-local would be stale or missing exactly
 * where a line is written, and clearing it is easy to forget. A value passed where the line is
 * written cannot leak into another request's line. Formatters that do not know this type ignore it
 * (a message without a placeholder for it never prints it).
 *
 * <p>Values are strings, numbers or booleans the server chose; never a token, an address, a
 * subject, a file name or image data.
 */
public final class LogFields {
  public static final String REQUEST_ID = "requestId";
  public static final String JOB = "job";
  public static final String EFFECT = "effect";
  public static final String STATUS = "status";
  public static final String DURATION_MS = "durationMs";
  /** More fields than any line of ours has: a bound on the line, whatever a caller does. */
  static final int MAX_FIELDS = 16;

  private static final LogFields NONE = new LogFields(Map.of());

  private final Map<String, Object> values;

  private LogFields(Map<String, Object> values) {
    this.values = values;
  }

  public static LogFields none() {
    return NONE;
  }

  public static LogFields request(String requestId) {
    return NONE.with(REQUEST_ID, requestId);
  }

  public static LogFields job(String jobId, String effect) {
    return NONE.with(JOB, jobId).with(EFFECT, effect);
  }

  /** A copy with {@code key} set; a null value leaves the field out, and fields beyond the bound are dropped. */
  public LogFields with(String key, Object value) {
    if (value == null || !values.containsKey(key) && values.size() >= MAX_FIELDS) {
      return this;
    }
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new IllegalArgumentException("a log field is a string, a number or a boolean: " + key);
    }
    Map<String, Object> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return new LogFields(Collections.unmodifiableMap(copy));
  }

  public Map<String, Object> values() {
    return values;
  }

  /** The fields of a record, if a parameter carries them (the last one, by {@link Logs}' convention). */
  static LogFields of(Object[] parameters) {
    if (parameters != null) {
      for (int i = parameters.length - 1; i >= 0; i--) {
        if (parameters[i] instanceof LogFields f) {
          return f;
        }
      }
    }
    return NONE;
  }

  /** {@code key=value} pairs, for the text format. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }
}
