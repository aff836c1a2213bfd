package io.zeroprint.logging;

import java.util.Arrays;

/** Writes a line with its {@link LogFields}: the message's own parameters first, the fields last. */
public final class Logs {
  private Logs() {}

  /**
   * @param format a {@link java.text.MessageFormat} pattern when {@code args} are given, else plain text
   */
  public static void log(System.Logger logger, System.Logger.Level level, LogFields fields, String format,
      Object... args) {
    if (!logger.isLoggable(level)) {
      return;
    }
    Object[] params = Arrays.copyOf(args, args.length + 1);
    params[args.length] = fields;
    logger.log(level, format, params);
  }
}
