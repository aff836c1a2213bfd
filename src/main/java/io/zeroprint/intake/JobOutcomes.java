package io.zeroprint.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobState;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code zeroprint_jobs_total{outcome=…}}: how every request ended, refusals at the door included,
 * by catalogue code ({@code done}, {@code cancelled}, {@code queue_full}, {@code quota_exceeded}, …).
 * Aggregate counts only.
 */
public final class JobOutcomes {
  private static final String NAME = "zeroprint.jobs";
  private static final String DONE = "done";

  private final Counter done;
  private final Map<ErrorCode, Counter> failed = new EnumMap<>(ErrorCode.class);

  public JobOutcomes(MeterRegistry registry) {
    done = counter(registry, DONE);
    for (ErrorCode code : ErrorCode.values()) {
      failed.put(code, counter(registry, code.code()));
    }
  }

  /** A settled job: done, or ended with its code. */
  void count(Job job) {
    if (job.state() == JobState.DONE) {
      done.increment();
    } else if (job.error() != null) {
      count(job.error());
    }
  }

  void count(ErrorCode code) {
    failed.get(code).increment();
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder(NAME).description("Requests by how they ended").tag("outcome", outcome).register(registry);
  }
}
