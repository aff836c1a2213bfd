package io.zeroprint.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * JVM memory, GC, threads, class loading, CPU and uptime on {@code /metrics}: numbers about the
 * process, none about a caller or an image. Bound here rather than by Vert.x's "JVM metrics"
 * option, which binds each of them twice (and Micrometer warns about every second registration).
 */
public final class ProcessMetrics {
  private ProcessMetrics() {}

  /** Binds the meters; the returned GC listener is closed with the server. */
  public static AutoCloseable bind(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return gc;
  }
}
