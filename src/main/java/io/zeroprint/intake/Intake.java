package io.zeroprint.intake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.zeroprint.abuse.AbuseLimits;
import io.zeroprint.buffer.MemoryAccount;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.bus.EnhanceJob;
import io.zeroprint.bus.EnhanceResult;
import io.zeroprint.config.JobsConfig;
import io.zeroprint.effects.EffectOptions;
import io.zeroprint.effects.EffectSpeeds;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.JobState;
import io.zeroprint.jobs.ResultCipher;
import io.zeroprint.jobs.ResultStore;
import io.zeroprint.pipeline.EnhanceOptions;
import io.zeroprint.pipeline.ImageGuard;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.privacy.Pseudonyms;
import io.zeroprint.privacy.UsageAnalytics;
import io.zeroprint.receipt.ReceiptBook;
import io.zeroprint.receipt.ReceiptSigner;
import io.zeroprint.webhooks.WebhookTarget;
import io.zeroprint.webhooks.Webhooks;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one door for work, whatever the transport (synchronous HTTP, HTTP jobs, WebSocket). Two steps:
 * {@link #open} admits a request before its image is read — the work rate limit, options checked
 * against the effect's declaration, models installed, registry caps, daily quota — and
 * {@link #submit} takes the received image, checks its header against the limits (off the event
 * loop: it scans bytes) and sends it to the worker. Refusals are audited, outcomes counted and usage
 * recorded here and nowhere else. Transports only move bytes and events.
 */
public final class Intake {
  private final Vertx vertx;
  private final EffectOptions parser;
  private final InstalledModels installed;
  private final AbuseLimits limits;
  private final JobRegistry registry;
  private final Admissions admissions;
  private final ReceiptIssuer receipts;
  private final WorkerLink worker;
  private final Retention retention;
  private final ImageGuard guard;
  private final JobsConfig jobs;
  private final Webhooks webhooks;
  private final WorkBudget budget;
  /** Set once when the server starts draining; from then on every door refuses new work. */
  private volatile boolean draining;

  /** The collaborators the intake needs; built once per server and shared by every transport. */
  public record Parts(Vertx vertx, EffectOptions parser, InstalledModels installed, AbuseLimits limits,
      JobRegistry registry, AuditLog audit, UsageAnalytics analytics, JobOutcomes outcomes, ImageGuard guard,
      ResultCipher cipher, ResultStore results, Pseudonyms pseudonyms, JobsConfig jobs, int maxJobSeconds,
      ReceiptSigner signer, ReceiptBook receipts, Webhooks webhooks, WorkBudget budget) {}

  public Intake(Parts p) {
    this.vertx = p.vertx();
    this.parser = p.parser();
    this.installed = p.installed();
    this.limits = p.limits();
    this.registry = p.registry();
    this.admissions = new Admissions(p.audit(), p.analytics(), p.outcomes());
    this.receipts = new ReceiptIssuer(p.vertx(), p.signer(), p.receipts());
    this.worker = new WorkerLink(p.vertx(), p.maxJobSeconds());
    this.retention = new Retention(p.vertx(), p.cipher(), p.results(), p.pseudonyms());
    this.guard = p.guard();
    this.jobs = p.jobs();
    this.webhooks = p.webhooks();
    this.budget = p.budget();
  }

  public InstalledModels installed() {
    return installed;
  }

  /** How long each effect takes on this server (for the effects list). */
  public EffectSpeeds speeds() {
    return budget.speeds();
  }

  /** The server is shutting down: new work is refused ({@code shutting_down}), admitted work goes on. */
  public void drain() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  /**
   * Admits a request, or throws the problem that refuses it. A replayed ticket (same idempotency key
   * as a job in progress) carries the earlier job; nothing may be attached to it.
   */
  public Ticket open(WorkRequest req) {
    try {
      if (draining) { // before the rate limit: a refusal here costs the caller nothing
        throw new ProblemException(ErrorCode.SHUTTING_DOWN);
      }
      AbuseLimits.Window window = limits.takeWork(req.caller());
      boolean addressable = req.delivery() == WorkRequest.Delivery.JOB;
      Map<String, Object> raw = new LinkedHashMap<>(req.options());
      Optional<WebhookTarget> webhook = webhooks.take(raw, addressable);
      EnhanceOptions options = options(req, raw);
      JobRegistry.Created created = registry.create(req.caller().subject(),
          addressable ? req.idempotencyKey() : null, addressable);
      if (created.replayed()) {
        return new Ticket(created.job(), req, options, true, window, null);
      }
      try {
        limits.useQuota(req.caller());
      } catch (ProblemException p) {
        registry.discard(created.job());
        throw p;
      }
      Job job = created.job();
      MemoryAccount account = new MemoryAccount();
      job.effect(options.effect());
      admissions.follow(job);
      webhook.ifPresent(target -> webhooks.follow(job, target));
      receipts.follow(job, account);
      return new Ticket(job, req, options, false, window, account);
    } catch (ProblemException p) {
      admissions.refused(req, p);
      throw p;
    }
  }

  /**
   * The image has arrived ({@code upload} is the intake's from now on; {@code lateOptions} are the
   * options that came with it, e.g. a multipart JSON part, and win over earlier ones). Completes once
   * the job is on its way to the worker, or fails with the problem that ended it.
   */
  public Future<Submitted> submit(Ticket ticket, SegmentBuffer upload, Map<String, Object> lateOptions) {
    Job job = ticket.job();
    EnhanceOptions options;
    try {
      if (lateOptions.containsKey(Webhooks.OPTION)) {
        throw new ProblemException(ErrorCode.WEBHOOK_NOT_ALLOWED,
            "Name the webhook where the job is created: the query, the submit message or the upload metadata.");
      }
      options = lateOptions.isEmpty() ? ticket.options() : options(ticket.request(), merge(ticket, lateOptions));
    } catch (ProblemException p) {
      return refuse(ticket, upload, p);
    }
    return vertx.executeBlocking(() -> admitImage(upload, options), false)
        .recover(err -> refuse(ticket, upload, ProblemException.of(err)))
        .compose(admitted -> {
          if (job.state().terminal()) { // cancelled while the header was checked
            upload.release();
            return Future.failedFuture(new ProblemException(ErrorCode.CANCELLED));
          }
          return Future.succeededFuture(dispatch(ticket, options, admitted, upload));
        });
  }

  /** The transport could not deliver the image (disconnect, timeout, bad body): the job ends with {@code p}. */
  public void abandon(Ticket ticket, ProblemException p) {
    if (!ticket.replayed()) {
      registry.end(ticket.job(), p.code() == ErrorCode.CANCELLED ? JobState.CANCELLED : JobState.FAILED, p);
    }
  }

  /** An image the limits let through, and the time its job gets. */
  private record Admitted(ImageHeader header, long budgetMillis) {}

  private Admitted admitImage(SegmentBuffer upload, EnhanceOptions options) {
    ImageHeader header = ImageHeader.read(upload);
    guard.check(header, options);
    return new Admitted(header, budget.admit(header, options));
  }

  private <T> Future<T> refuse(Ticket ticket, SegmentBuffer upload, ProblemException p) {
    upload.release();
    admissions.rejected(ticket.request(), p);
    abandon(ticket, p);
    return Future.failedFuture(p);
  }

  private Submitted dispatch(Ticket ticket, EnhanceOptions options, Admitted admitted, SegmentBuffer upload) {
    Job job = ticket.job();
    job.effect(options.effect());
    byte[] key = options.retain() == null ? null : ResultCipher.newKey();
    admissions.measure(ticket.request(), job, options, upload.length());
    job.canceller(() -> worker.cancel(job.id()));
    job.queued(0);
    worker.dispatch(new EnhanceJob(job.id(), options, admitted.header(), upload, admitted.budgetMillis()))
        .onSuccess(result -> completed(job, options, result, key))
        .onFailure(err -> {
          if (key != null) {
            Arrays.fill(key, (byte) 0);
          }
          abandon(ticket, ProblemException.of(err));
        });
    return new Submitted(job, Optional.ofNullable(key).map(ResultCipher::encodeKey));
  }

  private void completed(Job job, EnhanceOptions options, EnhanceResult r, byte[] key) {
    Instant expires = Instant.now().plusSeconds(jobs.resultTtlSeconds());
    long bytes = r.image().length();
    if (key == null) {
      job.done(r.image(), bytes, r.mediaType(), r.width(), r.height(), expires, null);
      return;
    }
    Instant until = Instant.now().plus(options.retain());
    retention.seal(job, r, key, until)
        .onSuccess(v -> job.done(null, bytes, r.mediaType(), r.width(), r.height(), expires, until))
        .onFailure(e -> registry.end(job, JobState.FAILED, sealingFailure(e)));
  }

  /**
   * Sealing fails when the result store cannot take the ciphertext (e.g. Redis down): that is a
   * transient {@code store_unavailable}, not an internal error. Catalogue failures keep their code.
   */
  private static ProblemException sealingFailure(Throwable e) {
    return e instanceof ProblemException p ? p : new ProblemException(ErrorCode.STORE_UNAVAILABLE);
  }

  /** Parsed options whose models are installed and whose retention the delivery allows. */
  private EnhanceOptions options(WorkRequest req, Map<String, Object> raw) {
    Map<String, Object> effectOptions = new LinkedHashMap<>(raw);
    effectOptions.remove(Webhooks.OPTION); // checked once, when the job was opened
    EnhanceOptions o = installed.check(parser.parse(effectOptions));
    if (o.retain() != null && req.delivery() == WorkRequest.Delivery.INLINE) {
      throw new ProblemException(ErrorCode.INVALID_OPTION,
          "retain applies to jobs: send the request as a job to have its result kept.");
    }
    if (o.retain() != null && o.retain().getSeconds() > jobs.maxRetentionSeconds()) {
      throw new ProblemException(ErrorCode.INVALID_OPTION, "retain is at most " + jobs.maxRetentionSeconds() + " s.");
    }
    return o;
  }

  private static Map<String, Object> merge(Ticket ticket, Map<String, Object> late) {
    Map<String, Object> raw = new LinkedHashMap<>(ticket.request().options());
    raw.putAll(late);
    return raw;
  }
}
