package io.zeroprint.metrics;

import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Vert.x's Micrometer metrics register their shared gauges ({@code vertx.eventbus.handlers},
 * {@code vertx.eventbus.pending}, {@code vertx.pool.*}) again for every event-bus consumer and every
 * user of a worker pool, and keep the value in a map of their own, so nothing is lost; Micrometer
 * (since 1.13) warns at the second registration of a gauge. Only those re-registrations of Vert.x's
 * own gauges are dropped from the log: the same warning about any other meter (ours) still shows.
 */
public final class VertxGaugeWarnings {
  private static final Logger MICROMETER = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");
  private static final String REREGISTERED = "has been already registered (MeterId{name='vertx.";

  private VertxGaugeWarnings() {}

  /** Installs the filter on Micrometer's registry logger (the field keeps that logger alive). */
  public static synchronized void silence() {
    Filter previous = MICROMETER.getFilter();
    if (previous instanceof Reregistrations) {
      return;
    }
    MICROMETER.setFilter(new Reregistrations(previous));
  }

  private record Reregistrations(Filter next) implements Filter {
    @Override
    public boolean isLoggable(java.util.logging.LogRecord r) {
      String m = r.getMessage();
      if (m != null && m.contains(REREGISTERED)) {
        return false;
      }
      return next == null || next.isLoggable(r);
    }
  }
}
