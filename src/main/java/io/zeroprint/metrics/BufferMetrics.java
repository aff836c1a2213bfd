package io.zeroprint.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.zeroprint.buffer.BufferStore;

/**
 * Publishes the image-memory accounting. Aggregate numbers only: nothing here can identify a
 * request or a person. Prometheus names: {@code zeroprint_buffer_in_use_bytes},
 * {@code zeroprint_buffer_high_water_bytes}, {@code zeroprint_buffer_idle_bytes},
 * {@code zeroprint_buffer_budget_bytes}, {@code zeroprint_buffer_zeroed_bytes_total},
 * {@code zeroprint_buffer_refusals_total}.
 */
public final class BufferMetrics {
  private BufferMetrics() {}

  public static void bind(BufferStore store, MeterRegistry registry) {
    Gauge.builder("zeroprint.buffer.in.use", store, s -> s.stats().inUseBytes()).baseUnit("bytes")
        .description("Image memory in use (uploads, pixels, tiles, results)").register(registry);
    Gauge.builder("zeroprint.buffer.high.water", store, s -> s.stats().highWaterBytes()).baseUnit("bytes")
        .description("Most image memory ever in use at once").register(registry);
    Gauge.builder("zeroprint.buffer.idle", store, s -> s.stats().idleBytes()).baseUnit("bytes")
        .description("Zeroed off-heap segments kept for reuse").register(registry);
    Gauge.builder("zeroprint.buffer.budget", store, s -> s.stats().budgetBytes()).baseUnit("bytes")
        .description("Limit on image memory in use").register(registry);
    FunctionCounter.builder("zeroprint.buffer.zeroed", store, s -> s.stats().zeroedBytes()).baseUnit("bytes")
        .description("Bytes overwritten with zeros on release").register(registry);
    FunctionCounter.builder("zeroprint.buffer.refusals", store, s -> s.stats().refusals())
        .description("Allocations refused because the budget was reached").register(registry);
  }
}
