package io.zeroprint.intake;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobState;
import io.zeroprint.pipeline.EnhanceOptions;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.privacy.UsageAnalytics;

/**
 * What the intake writes down about work, once per request whatever its transport: an audit line for
 * each refusal, the outcome of every job ({@code zeroprint_jobs_total}), and anonymous usage for
 * processed images unless the client opted out.
 */
final class Admissions {
  private final AuditLog audit;
  private final UsageAnalytics analytics;
  private final JobOutcomes outcomes;

  Admissions(AuditLog audit, UsageAnalytics analytics, JobOutcomes outcomes) {
    this.audit = audit;
    this.analytics = analytics;
    this.outcomes = outcomes;
  }

  /** Counts the job's outcome once it settles. */
  void follow(Job job) {
    job.settled().thenAccept(outcomes::count);
  }

  /** Records usage when the job is done: effect, scale, a size bucket and the processing time. */
  void measure(WorkRequest req, Job job, EnhanceOptions options, long uploadBytes) {
    if (req.analyticsOptOut()) {
      return;
    }
    long started = System.nanoTime();
    job.settled().thenAccept(j -> {
      if (j.state() == JobState.DONE) {
        analytics.record(options.effect(), options.scale(), uploadBytes, System.nanoTime() - started);
      }
    });
  }

  /** A request refused before it became a job: audited and counted under its code. */
  void refused(WorkRequest req, ProblemException p) {
    rejected(req, p);
    outcomes.count(p.code());
  }

  /** A job refused after it was opened (its outcome is counted when it ends): audited. */
  void rejected(WorkRequest req, ProblemException p) {
    if (p.code() == ErrorCode.CANCELLED || p.code() == ErrorCode.INTERNAL) {
      return; // the client went away, or we failed: neither is a refusal of the client
    }
    audit.refused(eventOf(p.code()), req.caller().subject(), req.route(), p.code().code());
  }

  private static AuditLog.Event eventOf(ErrorCode code) {
    return switch (code) {
      case RATE_LIMITED -> AuditLog.Event.RATE_LIMITED;
      case QUOTA_EXCEEDED -> AuditLog.Event.QUOTA_EXCEEDED;
      default -> AuditLog.Event.REFUSED;
    };
  }
}
