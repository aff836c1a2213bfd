package io.zeroprint.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The models at start-up, for dashboards and the "model not ready" alert:
 * {@code zeroprint_models_ready} (1 once every installed model is loaded and warmed up, 0 before),
 * {@code zeroprint_models_installed} and {@code zeroprint_models_load_seconds} (how long loading and
 * warming up took). Registered before loading starts, so a scrape during start-up sees 0.
 */
public final class ModelMetrics {
  private final AtomicInteger installed = new AtomicInteger();
  private final AtomicLong loadNanos = new AtomicLong();
  private final AtomicInteger ready = new AtomicInteger();

  private ModelMetrics() {}

  public static ModelMetrics bind(MeterRegistry registry) {
    ModelMetrics m = new ModelMetrics();
    Gauge.builder("zeroprint.models.ready", m.ready, AtomicInteger::get)
        .description("1 once every installed model is loaded and warmed up").register(registry);
    Gauge.builder("zeroprint.models.installed", m.installed, AtomicInteger::get)
        .description("Models loaded at start-up").register(registry);
    Gauge.builder("zeroprint.models.load", m.loadNanos, n -> n.get() / 1e9).baseUnit("seconds")
        .description("Time taken to load and warm up every model at start-up").register(registry);
    return m;
  }

  /** Every model is loaded (and warmed up, when {@code models.warmUp} is on). */
  public void loaded(int models, long nanos) {
    installed.set(models);
    loadNanos.set(nanos);
    ready.set(1);
  }
}
