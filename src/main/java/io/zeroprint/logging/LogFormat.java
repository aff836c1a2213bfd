package io.zeroprint.logging;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;

/** Puts the chosen line format on the root logger's handlers, which every logger (Vert.x and Netty too) ends in. */
public final class LogFormat {
  public static final String JSON = "json";
  public static final String TEXT = "text";

  private LogFormat() {}

  /** @param format {@value #JSON} or {@value #TEXT} */
  public static void install(String format) {
    Formatter formatter = formatter(format);
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.setFormatter(formatter);
    }
  }

  public static Formatter formatter(String format) {
    return switch (format) {
      case JSON -> new JsonLogFormatter();
      case TEXT -> new TextLogFormatter();
      default -> throw new IllegalArgumentException("unknown log format: " + format);
    };
  }
}
