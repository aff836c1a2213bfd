package io.zeroprint.privacy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Usage analytics without people: {@code zeroprint_usage_requests_total{effect,scale,size}} and
 * {@code zeroprint_usage_seconds{effect}} — no subject, address or image-derived label. Requests
 * that send {@code DNT: 1} or {@code Sec-GPC: 1} are left out entirely; an operator switch turns
 * it all off. (Operational counters such as job outcomes and memory accounting are not usage
 * analytics and are always kept: they carry nothing about who sent what.) The transport tells
 * whether a request opted out; this class sees no request.
 */
public final class UsageAnalytics {
  private static final long MIB = 1L << 20;

  private final MeterRegistry registry;
  private final boolean enabled;

  public UsageAnalytics(MeterRegistry registry, boolean enabled) {
    this.registry = registry;
    this.enabled = enabled;
  }

  /** One processed image of a client that did not opt out. */
  public void record(String effect, int scale, long uploadBytes, long nanos) {
    if (!enabled) {
      return;
    }
    Counter.builder("zeroprint.usage.requests").description("Processed requests by effect, scale and size bucket")
        .tag("effect", effect).tag("scale", Integer.toString(scale)).tag("size", sizeBucket(uploadBytes))
        .register(registry).increment();
    Timer.builder("zeroprint.usage").description("Processing time by effect").tag("effect", effect)
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  private static String sizeBucket(long bytes) {
    if (bytes < MIB) {
      return "lt_1mib";
    }
    if (bytes < 5 * MIB) {
      return "1_5mib";
    }
    return bytes < 25 * MIB ? "5_25mib" : "ge_25mib";
  }
}
