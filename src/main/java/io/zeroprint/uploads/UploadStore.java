package io.zeroprint.uploads;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.config.LimitsConfig;
import io.zeroprint.config.UploadsConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.intake.Intake;
import io.zeroprint.intake.Submitted;
import io.zeroprint.intake.Ticket;
import io.zeroprint.intake.WorkRequest;
import io.zeroprint.jobs.Job;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resumable uploads held in memory only, whatever the protocol that feeds them. An upload is admitted
 * through the intake when it is created (options, models, rate, quota, caps: nothing is refused
 * after its bytes arrived), its bytes go into a buffer of the job's memory account capped at its
 * declared length, and it is submitted to the intake when its last byte is acknowledged. An
 * unfinished upload is zeroed when it is terminated, when it has been idle for
 * {@code uploads.expirySeconds}, and when its job ends for any reason (cancelled, erased, shutdown).
 * Shared by every HTTP verticle instance.
 */
public final class UploadStore {
  private static final long SWEEP_MILLIS = 1_000;
  private static final int RETRY_AFTER_SECONDS = 5;

  private final Intake intake;
  private final BufferStore store;
  private final UploadsConfig config;
  private final LimitsConfig limits;
  private final Map<String, ResumableUpload> uploads = new ConcurrentHashMap<>();

  public UploadStore(Vertx vertx, Intake intake, BufferStore store, UploadsConfig config, LimitsConfig limits) {
    this.intake = intake;
    this.store = store;
    this.config = config;
    this.limits = limits;
    vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
  }

  /** The largest upload accepted, for discovery. */
  public long maxBytes() {
    return limits.maxUploadBytes();
  }

  /** How long an idle upload is kept. */
  public int expirySeconds() {
    return config.expirySeconds();
  }

  /**
   * A new upload of {@code length} bytes, admitted by the intake as a job; refused when the length is
   * out of bounds or the subject holds {@code uploads.maxPerSubject} unfinished uploads.
   */
  public ResumableUpload create(WorkRequest request, long length) {
    if (length <= 0) {
      throw new ProblemException(ErrorCode.MISSING_IMAGE, "Upload-Length must be at least 1.");
    }
    if (length > limits.maxUploadBytes()) {
      throw new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "The limit is " + limits.maxUploadBytes() + " bytes.");
    }
    String subject = request.caller().subject();
    ResumableUpload upload;
    synchronized (this) {
      long open = uploads.values().stream()
          .filter(u -> u.subject().equals(subject) && u.stage() == ResumableUpload.Stage.RECEIVING).count();
      if (open >= config.maxPerSubject()) {
        throw new ProblemException(ErrorCode.TOO_MANY_UPLOADS, "At most " + config.maxPerSubject()
            + " unfinished uploads at once.", RETRY_AFTER_SECONDS);
      }
      Ticket ticket = intake.open(request);
      upload = new ResumableUpload(UUID.randomUUID().toString(), ticket, length,
          store.open(length, ticket.account()), config.expirySeconds());
      uploads.put(upload.id(), upload);
    }
    Job job = upload.ticket().job();
    job.uploaded(0, length);
    job.canceller(() -> forget(upload)); // DELETE /v1/jobs/{id}, DELETE /v1/me: the registry ends the job
    job.settled().whenComplete((j, e) -> forget(upload)); // whatever ended the job (shutdown too)
    return upload;
  }

  /** The caller's upload; someone else's is as absent as one that never was. */
  public ResumableUpload require(String id, String subject) {
    ResumableUpload u = uploads.get(id);
    if (u == null || !u.subject().equals(subject) || u.stage() == ResumableUpload.Stage.ENDED) {
      throw new ProblemException(ErrorCode.NOT_FOUND, "No such upload.");
    }
    return u;
  }

  /** Ends an upload at its owner's request: an unfinished one is zeroed and its job cancelled. */
  public void terminate(ResumableUpload upload) {
    end(upload, new ProblemException(ErrorCode.CANCELLED));
  }

  /**
   * The last byte was acknowledged: hands the bytes to the intake. Completes once the job is on its
   * way to the worker, or fails with the problem that ended it (its image is then zeroed).
   */
  public Future<Submitted> submit(ResumableUpload upload) {
    try {
      return intake.submit(upload.ticket(), upload.handOver(), Map.of());
    } catch (ProblemException p) {
      return Future.failedFuture(p);
    }
  }

  private void end(ResumableUpload upload, ProblemException why) {
    uploads.remove(upload.id(), upload);
    if (upload.end()) {
      intake.abandon(upload.ticket(), why);
    }
  }

  private void forget(ResumableUpload upload) {
    uploads.remove(upload.id(), upload);
    upload.end();
  }

  private void sweep() {
    Instant now = Instant.now();
    for (ResumableUpload u : uploads.values()) {
      if (u.expired(now)) {
        end(u, new ProblemException(ErrorCode.UPLOAD_EXPIRED, "No byte arrived for " + config.expirySeconds() + " s."));
      }
    }
  }
}
