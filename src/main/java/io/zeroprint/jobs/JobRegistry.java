package io.zeroprint.jobs;

import io.vertx.core.Vertx;
import io.zeroprint.pipeline.Progress;
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
 * The one registry of work in flight: every request is a job here, synchronous ones included, so
 * one set of caps holds for every transport — jobs the server tracks ({@code jobs.maxJobs}), jobs one
 * subject holds ({@code jobs.maxPerSubject}, finished but uncollected ones included) and jobs one
 * subject has in progress ({@code abuse.maxConcurrentPerSubject}). A finished addressable job leaves
 * a tombstone for a while, so its id answers 410 Gone rather than 404. Unclaimed results are zeroed
 * when they expire. Shared by all HTTP verticle instances.
 */
public final class JobRegistry {
  private static final long SWEEP_MILLIS = 1_000;
  private static final int RETRY_AFTER_FULL_SECONDS = 5;

  /** What is left of a finished job for a while: whose it was, and how it ended. */
  private record Tombstone(String subject, Instant until, String ended) {}

  /** A new job, or ({@code replayed}) the existing one for the same idempotency key. */
  public record Created(Job job, boolean replayed) {}

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
   * A new job for {@code subject}, or the existing one for the same {@code idempotencyKey} (an
   * addressable job's key only). Refused when the server or the subject holds too many jobs.
   */
  public synchronized Created create(String subject, String idempotencyKey, boolean addressable) {
    if (idempotencyKey != null) {
      Job existing = jobs.get(idempotency.getOrDefault(subject + "\n" + idempotencyKey, ""));
      if (existing != null) {
        return new Created(existing, true);
      }
    }
    if (jobs.size() >= config.maxJobs()) {
      throw new ProblemException(ErrorCode.JOBS_FULL, "The limit is " + config.maxJobs() + " jobs.",
          RETRY_AFTER_FULL_SECONDS);
    }
    List<Job> mine = of(subject);
    if (mine.size() >= config.maxPerSubject()) {
      throw new ProblemException(ErrorCode.TOO_MANY_JOBS, "At most " + config.maxPerSubject()
          + " jobs held at once, finished ones included: collect or delete some.", RETRY_AFTER_FULL_SECONDS);
    }
    if (mine.stream().filter(j -> !j.state().terminal()).count() >= abuse.maxConcurrentPerSubject()) {
      throw new ProblemException(ErrorCode.TOO_MANY_JOBS,
          "At most " + abuse.maxConcurrentPerSubject() + " requests in progress at once.", 1);
    }
    Job job = new Job(UUID.randomUUID().toString(), subject, addressable, throttles);
    jobs.put(job.id(), job);
    if (idempotencyKey != null && addressable) {
      idempotency.put(subject + "\n" + idempotencyKey, job.id());
    }
    return new Created(job, false);
  }

  /** The caller's addressable job; someone else's job is as absent as a job that never was. */
  public Optional<Job> find(String id, String subject) {
    Job j = jobs.get(id);
    return j != null && j.addressable() && j.subject().equals(subject) ? Optional.of(j) : Optional.empty();
  }

  /** Throws 410 for a finished job of the caller, 404 otherwise. */
  public Job require(String id, String subject) {
    return find(id, subject).orElseThrow(() -> {
      Tombstone t = tombstones.get(id);
      return t != null && t.subject().equals(subject) ? new ProblemException(ErrorCode.RESULT_GONE,
          "The job ended (" + t.ended() + "); a result is delivered once, and an unclaimed one expires.")
          : new ProblemException(ErrorCode.NOT_FOUND, "No such job.");
    });
  }

  /** Every job of the subject, inline requests included. */
  public List<Job> of(String subject) {
    return jobs.values().stream().filter(j -> j.subject().equals(subject)).toList();
  }

  /** Progress from the worker. */
  public void onProgress(Progress p) {
    Job job = jobs.get(p.jobId());
    if (job == null) {
      return;
    }
    if (Progress.QUEUED.equals(p.stage())) {
      job.queued(p.queuePosition());
    } else {
      job.stage(p.stage(), p.tilesDone(), p.tilesTotal());
    }
  }

  /** Ends the job (failed, cancelled, expired), zeroes what it holds, and forgets it. */
  public void end(Job job, JobState state, ErrorCode code) {
    end(job, state, new ProblemException(code));
  }

  /** As above, keeping the problem's public detail for whoever waits on the job. */
  public void end(Job job, JobState state, ProblemException why) {
    if (job.end(state, why)) {
      forget(job, false);
    }
  }

  /** Cancels whatever the job is doing, then ends it as cancelled. */
  public void cancel(Job job) {
    job.canceller().run();
    end(job, JobState.CANCELLED, ErrorCode.CANCELLED);
  }

  /** The one-time result was delivered: forget the job. */
  public void delivered(Job job) {
    forget(job, true);
  }


  /** A job refused right after it was created (e.g. quota): gone without a trace or a tombstone. */
  public void discard(Job job) {
    job.end(JobState.FAILED, null);
    if (jobs.remove(job.id(), job)) {
      idempotency.values().removeIf(job.id()::equals);
    }
    job.forgotten(false);
  }

  public int cancelAll(String subject) {
    List<Job> mine = of(subject);
    mine.forEach(this::cancel);
    return mine.size();
  }

  /** Whether no job is held: nothing running, queued, receiving or waiting to be collected. */
  public boolean idle() {
    return jobs.isEmpty();
  }

  public void close() {
    close(new ProblemException(ErrorCode.CANCELLED));
  }

  /**
   * Ends every job with {@code why}, so whoever waits on it (a synchronous client, SSE, WebSocket)
   * is told, and zeroes what the jobs hold. Work still on the worker is stopped when it stops.
   */
  public void close(ProblemException why) {
    vertx.cancelTimer(timer);
    jobs.values().forEach(j -> j.end(JobState.CANCELLED, why));
    jobs.clear();
  }

  private void forget(Job job, boolean delivered) {
    if (jobs.remove(job.id(), job)) {
      if (job.addressable()) {
        ErrorCode code = job.error();
        String ended = code == null || job.state() == JobState.DONE ? job.state().id() : job.state().id() + ": " + code.code();
        tombstones.put(job.id(), new Tombstone(job.subject(), Instant.now().plusSeconds(config.tombstoneSeconds()), ended));
      }
      idempotency.values().removeIf(job.id()::equals);
      job.forgotten(delivered);
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
