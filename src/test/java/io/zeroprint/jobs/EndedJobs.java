package io.zeroprint.jobs;

import io.vertx.core.Vertx;
import java.util.UUID;

/** A job that has already ended, for unit tests of what follows a job's end (no registry, no worker). */
public final class EndedJobs {
  private EndedJobs() {
  }

  public static Job ended(Vertx vertx, String subject, JobState end) {
    Job job = new Job(UUID.randomUUID().toString(), subject, true, emit -> new ProgressThrottle(vertx, 0, emit));
    job.end(end, null);
    return job;
  }
}
