package io.zeroprint.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zeroprint.error.ErrorCode;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code zeroprint_jobs_total{outcome=…}}: how jobs ended, by catalogue code ({@code done},
 * {@code cancelled}, {@code queue_full}, …). Aggregate counts only.
 */
final class JobOutcomes {
  private static final String NAME = "zeroprint.jobs";
  private static final String DONE = "done";

  private final Counter done;
  private final Map<ErrorCode, Counter> failed = new EnumMap<>(ErrorCode.class);

  JobOutcomes(MeterRegistry registry) {
    done = counter(registry, DONE);
    for (ErrorCode code : ErrorCode.values()) {
      failed.put(code, counter(registry, code.code()));
    }
  }

  void countDone() {
    done.increment();
  }

  void count(ErrorCode code) {
    failed.get(code).increment();
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder(NAME).description("Jobs by how they ended").tag("outcome", outcome).register(registry);
  }
}
