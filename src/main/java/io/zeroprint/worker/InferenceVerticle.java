package io.zeroprint.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.MemoryAccount;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.bus.Bus;
import io.zeroprint.bus.EnhanceJob;
import io.zeroprint.bus.EnhanceResult;
import io.vertx.core.json.JsonArray;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.effects.EffectSpeeds;
import io.zeroprint.effects.StageKit;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.metrics.ModelMetrics;
import io.zeroprint.logging.LogFields;
import io.zeroprint.logging.Logs;
import io.zeroprint.model.ModelManifest;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.model.SpeedProbe;
import io.zeroprint.model.Tiler;
import io.zeroprint.pipeline.Deadline;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Progress;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs enhance jobs from the event bus on a bounded worker pool with a bounded queue; when both are
 * full a job is refused at once ({@code queue_full}) instead of waiting. Talks to the intake only
 * through {@link Bus}.
 */
public final class InferenceVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(InferenceVerticle.class.getName());
  private static final String POOL_NAME = "zeroprint-inference";
  private static final long WATCHDOG_MILLIS = 1_000;
  /** How long past its deadline a job may stay inside one call before the watchdog answers for it. */
  private static final long WATCHDOG_GRACE_MILLIS = 5_000;
  /** The output side of the tile the upscalers are timed on at start-up. */
  private static final int PROBE_TILE_SIDE = 256;

  private final ZeroprintConfig config;
  private final BufferStore store;
  private final MeterRegistry metrics;
  private final EffectSpeeds speeds;
  private final Map<String, JobContext> active = new ConcurrentHashMap<>();
  private final AtomicInteger admitted = new AtomicInteger();
  /** Admitted jobs not yet started, in arrival order (for queue positions). */
  private final Set<String> waiting = Collections.synchronizedSet(new LinkedHashSet<>());
  private ModelRegistry models;
  private Pipelines pipelines;
  private WorkerExecutor executor;
  private JobWatchdog watchdog;

  /** @param speeds where the worker writes down how fast each effect runs (seeded at warm-up, then from jobs) */
  public InferenceVerticle(ZeroprintConfig config, BufferStore store, MeterRegistry metrics, EffectSpeeds speeds) {
    this.speeds = speeds;
    this.config = config;
    this.store = store;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    executor = vertx.createSharedWorkerExecutor(POOL_NAME, config.worker().poolSize(),
        config.worker().maxJobSeconds() * 2L, TimeUnit.SECONDS);
    Gauge.builder("zeroprint.jobs.admitted", admitted, AtomicInteger::get)
        .description("Jobs running or queued on the inference pool").register(metrics);
    // What the autoscaler scales on: work waiting for a worker, not work already being done.
    Gauge.builder("zeroprint.queue.depth", waiting, Set::size)
        .description("Jobs admitted and not yet running").register(metrics);
    Counter overdue = Counter.builder("zeroprint.jobs.overdue")
        .description("Jobs the watchdog answered for: still inside one call past their deadline").register(metrics);
    watchdog = new JobWatchdog(WATCHDOG_GRACE_MILLIS, overdue::increment);
    vertx.setPeriodic(WATCHDOG_MILLIS, id -> watchdog.sweep());
    ModelMetrics modelMetrics = ModelMetrics.bind(metrics);
    long loadStart = System.nanoTime();
    return vertx.executeBlocking(() -> timed(ModelRegistry.load(config.models(), config.worker())))
        .onSuccess(loaded -> modelMetrics.loaded(loaded.manifests().size(), System.nanoTime() - loadStart))
        .compose(this::startConsuming);
  }

  /** With warm-up on, each upscaler's speed is timed on a tile before the server opens (a seed for estimates). */
  private ModelRegistry timed(ModelRegistry loaded) {
    if (config.models().warmUp()) {
      long started = System.nanoTime();
      // Timed on tiles of at most PROBE_TILE_SIDE: seconds less at start-up, a rate a little high
      // (a small tile repeats more overlap), which the first finished job replaces.
      int side = Math.min(config.worker().tileOutputSide(), PROBE_TILE_SIDE);
      Map<String, Double> timed = SpeedProbe.upscalers(loaded, new Tiler(store, side));
      timed.forEach(speeds::seed);
      LOG.log(System.Logger.Level.INFO, "upscalers timed in {0} ms (ms per input megapixel): {1}",
          (System.nanoTime() - started) / 1_000_000, timed.entrySet().stream()
              .map(e -> e.getKey() + " " + Math.round(e.getValue())).collect(Collectors.joining(", ")));
    }
    return loaded;
  }

  private Future<Void> startConsuming(ModelRegistry loaded) {
    models = loaded;
    pipelines = new Pipelines(config.limits(), new StageKit(models, store, config.worker(), config.models()), metrics);
    vertx.eventBus().<String>consumer(Bus.CANCEL, m -> cancel(m.body()));
    vertx.eventBus().<Void>consumer(Bus.MODELS, m -> m.reply(new JsonArray(models.manifests().stream()
        .map(ModelManifest::toJson).toList())));
    return vertx.eventBus().<EnhanceJob>consumer(Bus.ENHANCE, this::onJob).completion();
  }

  private void onJob(Message<EnhanceJob> msg) {
    EnhanceJob job = msg.body();
    int capacity = config.worker().poolSize() + config.worker().queueSize();
    if (admitted.incrementAndGet() > capacity) {
      admitted.decrementAndGet();
      job.image().release();
      fail(msg, new ProblemException(ErrorCode.QUEUE_FULL));
      return;
    }
    Deadline deadline = new Deadline(job.budgetMillis(), TimeUnit.SECONDS.toMillis(config.worker().jobTimeoutSeconds()),
        TimeUnit.SECONDS.toMillis(config.worker().maxJobSeconds()), config.worker().deadlineMargin(), System::nanoTime);
    JobContext ctx = new JobContext(job.jobId(), job.options(), job.header(), job.image(), deadline, this::publish);
    active.put(job.jobId(), ctx);
    AtomicBoolean answered = watchdog.watch(ctx, problem -> fail(msg, problem));
    int position;
    synchronized (waiting) { // the position is the size right after this job joined, not after the next one did
      waiting.add(job.jobId());
      position = waiting.size();
    }
    publish(new Progress(job.jobId(), Progress.QUEUED, position, 0, 0));
    MemoryAccount account = job.image().account();
    executor.executeBlocking(() -> {
      started(job.jobId());
      ctx.begin();
      // Everything the stages take from the pool on this thread is counted on the job's account.
      try (MemoryAccount.Scope scope = account == null ? null : account.enter()) {
        return process(ctx);
      }
    }, false)
        .onComplete(done -> {
          admitted.decrementAndGet();
          waiting.remove(job.jobId());
          active.remove(job.jobId());
          watchdog.forget(job.jobId());
          if (!answered.compareAndSet(false, true)) {
            if (done.succeeded()) {
              done.result().image().release(); // the watchdog answered long ago: nobody waits for it
            }
          } else if (done.succeeded()) {
            msg.reply(done.result());
          } else {
            fail(msg, ProblemException.of(done.cause()));
          }
        });
  }

  /** Runs on a worker thread; whatever way it ends, the context releases what it still holds. */
  private EnhanceResult process(JobContext ctx) {
    try (ctx) {
      long start = System.nanoTime();
      pipelines.forOptions(ctx.options()).run(ctx);
      ctx.checkActive();
      speeds.record(ctx.options(), ctx.header().pixels(), System.nanoTime() - start);
      SegmentBuffer encoded = ctx.takeEncoded();
      return new EnhanceResult(encoded, ctx.options().mediaType(), ctx.resultWidth(), ctx.resultHeight());
    } catch (ProblemException e) {
      throw e;
    } catch (RuntimeException | OutOfMemoryError e) {
      Logs.log(LOG, System.Logger.Level.ERROR, LogFields.job(ctx.jobId(), ctx.options().effect()),
          "job failed: " + e.getClass().getName());
      throw new ProblemException(ErrorCode.INTERNAL);
    }
  }

  /** A job left the queue: the ones behind it move up. */
  private void started(String jobId) {
    List<String> behind;
    synchronized (waiting) {
      waiting.remove(jobId);
      behind = List.copyOf(waiting);
    }
    int position = 0;
    for (String id : behind) {
      publish(new Progress(id, Progress.QUEUED, ++position, 0, 0));
    }
  }

  private void publish(Progress p) {
    vertx.eventBus().publish(Bus.PROGRESS, p);
  }

  private void cancel(String jobId) {
    JobContext ctx = active.get(jobId);
    if (ctx != null) {
      ctx.cancel();
    }
  }

  private static void fail(Message<?> msg, ProblemException p) {
    msg.fail(Bus.failureCode(p), Bus.failureMessage(p));
  }

  @Override
  public Future<?> stop() {
    active.values().forEach(JobContext::cancel);
    return executor.close().andThen(v -> {
      if (models != null) {
        models.close();
      }
    });
  }
}
