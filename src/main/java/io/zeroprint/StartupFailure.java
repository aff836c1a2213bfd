package io.zeroprint;

import io.zeroprint.config.ConfigException;
import io.zeroprint.config.HttpConfig;
import java.net.BindException;

/**
 * The one line an operator reads when the server cannot start: what went wrong and, where a setting
 * decides it, which one to change. Never a stack trace: the causes here are the machine's, not bugs.
 */
final class StartupFailure {
  private StartupFailure() {}

  static String describe(Throwable t, HttpConfig http) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConfigException named) {
        return named.getMessage(); // already names its setting
      }
      // NIO says BindException; Netty's native transports an IOException with the OS's words.
      if (c instanceof BindException || String.valueOf(c.getMessage()).contains("Address already in use")) {
        return "cannot listen on " + http.host() + ":" + http.port() + " (" + c.getMessage()
            + "): set http.port or ZEROPRINT_HTTP_PORT to a free port, or stop what holds this one";
      }
    }
    return String.valueOf(t.getMessage());
  }
}
