package io.zeroprint.jobs;

import io.vertx.core.Vertx;
import io.zeroprint.bus.JobProgress;
import io.zeroprint.config.AbuseConfig;
import io.zeroprint.config.JobsConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this server tracks, bounded in number (429 past {@code jobs.maxJobs}) and per subject.
 * A finished job leaves a tombstone for a while, so its id answers 410 Gone rather than 404.
 * Unclaimed results are zeroed when they expire. Shared by all HTTP verticle instances.
 */
public final class JobRegistry {
  private static final long SWEEP_MILLIS = 1_000;
  private static final int RETRY_AFTER_FULL_SECONDS = 5;

  private record Tombstone(String subject, Instant until) {}

  private final Vertx vertx;
  private final JobsConfig config;
  private final AbuseConfig abuse;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Tombstone> tombstones = new ConcurrentHashMap<>();
  private final Map<String, String> idempotency = new ConcurrentHashMap<>();
  private final ProgressThrottle.Factory throttles;
  private final long timer;

  public JobRegistry(Vertx vertx, JobsConfig config, AbuseConfig abuse) {
    this.vertx = vertx;
    this.config = config;
    this.abuse = abuse;
    this.throttles = emit -> new ProgressThrottle(vertx, config.progressIntervalMillis(), emit);
    this.timer = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
  }

  /**
   * A new job for {@code subject}, or the existing one for the same {@code idempotencyKey}
   * (second element true). Refused when the server or the subject has too many jobs.
   */
  public synchronized Map.Entry<Job, Boolean> create(String subject, String idempotencyKey) {
    if (idempotencyKey != null) {
      Job existing = jobs.get(idempotency.getOrDefault(subject + "\n" + idempotencyKey, ""));
      if (existing != null) {
        return Map.entry(existing, true);
      }
    }
    if (jobs.size() >= config.maxJobs()) {
      throw new ProblemException(ErrorCode.JOBS_FULL, "The limit is " + config.maxJobs() + " jobs.",
          RETRY_AFTER_FULL_SECONDS);
    }
    long active = jobs.values().stream().filter(j -> j.subject().equals(subject) && !j.state().terminal()).count();
    if (active >= abuse.maxConcurrentPerSubject()) {
      throw new ProblemException(ErrorCode.TOO_MANY_JOBS,
          "At most " + abuse.maxConcurrentPerSubject() + " jobs in progress at once.", 1);
    }
    Job job = new Job(UUID.randomUUID().toString(), subject, throttles);
    jobs.put(job.id(), job);
    if (idempotencyKey != null) {
      idempotency.put(subject + "\n" + idempotencyKey, job.id());
    }
    return Map.entry(job, false);
  }

  /** The caller's job; someone else's job is as absent as a job that never was. */
  public Optional<Job> find(String id, String subject) {
    Job j = jobs.get(id);
    return j != null && j.subject().equals(subject) ? Optional.of(j) : Optional.empty();
  }

  /** Throws 410 for a finished job of the caller, 404 otherwise. */
  public Job require(String id, String subject) {
    return find(id, subject).orElseThrow(() -> {
      Tombstone t = tombstones.get(id);
      return t != null && t.subject().equals(subject) ? new ProblemException(ErrorCode.RESULT_GONE)
          : new ProblemException(ErrorCode.NOT_FOUND, "No such job.");
    });
  }

  public List<Job> of(String subject) {
    return jobs.values().stream().filter(j -> j.subject().equals(subject)).toList();
  }

  /** Progress from the worker (any job id; ids of synchronous requests are not here and ignored). */
  public void onProgress(JobProgress p) {
    Job job = jobs.get(p.jobId());
    if (job == null) {
      return;
    }
    if (JobProgress.QUEUED.equals(p.stage())) {
      job.queued(p.queuePosition());
    } else {
      job.stage(p.stage(), p.tilesDone(), p.tilesTotal());
    }
  }

  /** Ends the job (failed, cancelled, expired), zeroes what it holds, and forgets it. */
  public void end(Job job, JobState state, ErrorCode code) {
    if (job.end(state, code)) {
      forget(job);
    }
  }

  /** Cancels whatever the job is doing, then ends it as cancelled. */
  public void cancel(Job job) {
    job.canceller().run();
    end(job, JobState.CANCELLED, ErrorCode.CANCELLED);
  }

  /** The one-time result was delivered: forget the job. */
  public void delivered(Job job) {
    forget(job);
  }

  public int cancelAll(String subject) {
    List<Job> mine = of(subject);
    mine.forEach(this::cancel);
    return mine.size();
  }

  public void close() {
    vertx.cancelTimer(timer);
    jobs.values().forEach(j -> j.end(JobState.CANCELLED, ErrorCode.CANCELLED));
    jobs.clear();
  }

  private void forget(Job job) {
    if (jobs.remove(job.id(), job)) {
      tombstones.put(job.id(), new Tombstone(job.subject(), Instant.now().plusSeconds(config.tombstoneSeconds())));
      idempotency.values().removeIf(job.id()::equals);
    }
  }

  private void sweep() {
    Instant now = Instant.now();
    for (Job job : jobs.values()) {
      Instant expires = job.expiresAt();
      if (job.state() == JobState.DONE && expires != null && !expires.isAfter(now)) {
        end(job, JobState.EXPIRED, ErrorCode.RESULT_GONE);
      }
    }
    tombstones.values().removeIf(t -> !t.until().isAfter(now));
  }
}
