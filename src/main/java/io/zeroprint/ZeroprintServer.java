package io.zeroprint;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.zeroprint.abuse.AbuseLimits;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.bus.Bus;
import io.zeroprint.config.JobsConfig;
import io.zeroprint.config.ManagementConfig;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.effects.EffectOptions;
import io.zeroprint.effects.EffectSpeeds;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.health.Health;
import io.zeroprint.http.Guards;
import io.zeroprint.http.HttpVerticle;
import io.zeroprint.http.ManagementVerticle;
import io.zeroprint.http.Tls;
import io.zeroprint.http.ZeroingTransport;
import io.zeroprint.intake.InstalledModels;
import io.zeroprint.intake.Intake;
import io.zeroprint.intake.JobOutcomes;
import io.zeroprint.intake.WorkBudget;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.ResultCipher;
import io.zeroprint.jobs.ResultStore;
import io.zeroprint.jobs.ResultStores;
import io.zeroprint.metrics.BufferMetrics;
import io.zeroprint.metrics.ProcessMetrics;
import io.zeroprint.metrics.VertxGaugeWarnings;
import io.zeroprint.model.ModelManifest;
import io.zeroprint.pipeline.ImageGuard;
import io.zeroprint.pipeline.Progress;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.privacy.Pseudonyms;
import io.zeroprint.privacy.UsageAnalytics;
import io.zeroprint.receipt.ReceiptBook;
import io.zeroprint.receipt.ReceiptSigner;
import java.time.Duration;
import io.zeroprint.security.Authenticator;
import io.zeroprint.security.EventTickets;
import io.zeroprint.uploads.UploadStore;
import io.zeroprint.webhooks.WebhookSecrets;
import io.zeroprint.webhooks.Webhooks;
import io.zeroprint.http.WebhookClient;
import io.zeroprint.worker.InferenceVerticle;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running zeroprint: a Vert.x instance, the buffer pool, the inference worker (models loaded
 * and warm before HTTP opens), the intake every transport admits work through, and the HTTP
 * verticles. Ready once all of it is up. Tests start it in-process on port 0.
 */
public final class ZeroprintServer {
  private static final int SHARED_RANDOM_PORT = -1;
  private static final long AUDIT_FLUSH_MILLIS = 10_000;
  /** How long the HTTP servers wait for the last answers (and the pool for its last bytes) at the end of a drain. */
  private static final int LAST_ANSWER_SECONDS = 2;
  private static final System.Logger LOG = System.getLogger(ZeroprintServer.class.getName());

  private final Vertx vertx;
  private final SegmentPool store;
  private final PrometheusMeterRegistry metrics;
  private final int port;
  private final int managementPort;
  private final Optional<String> developmentToken;
  private final JobRegistry registry;
  private final ResultStore results;
  private final Authenticator authenticator;
  private final Draining draining;
  private final EffectSpeeds speeds;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Promise<Void> closed = Promise.promise();

  /** What a drain switches off, waits for and closes: readiness, the intake, the HTTP servers, the process meters. */
  private record Draining(Health health, Intake intake, List<HttpVerticle> instances, int graceSeconds,
      AutoCloseable processMetrics) {}

  private ZeroprintServer(Vertx vertx, SegmentPool store, PrometheusMeterRegistry metrics, int port,
      int managementPort, Optional<String> developmentToken, JobRegistry registry, ResultStore results,
      Authenticator authenticator, Draining draining, EffectSpeeds speeds) {
    this.speeds = speeds;
    this.authenticator = authenticator;
    this.draining = draining;
    this.vertx = vertx;
    this.store = store;
    this.metrics = metrics;
    this.port = port;
    this.managementPort = managementPort;
    this.developmentToken = developmentToken;
    this.registry = registry;
    this.results = results;
  }

  /** In development mode (no JWKS, loopback), a token for this run; empty otherwise. */
  public Optional<String> developmentToken() {
    return developmentToken;
  }

  public static Future<ZeroprintServer> start(ZeroprintConfig config) {
    VertxGaugeWarnings.silence();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions()
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                // One handlers gauge per address (the four fixed ones in Bus; Vert.x leaves its
                // internal reply addresses out) rather than one shared by all.
                .addLabels(Label.EB_ADDRESS))
            // Vert.x would otherwise create a vertx-cache-* folder in java.io.tmpdir: the server runs
            // on a read-only root filesystem and writes nothing.
            .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                .setClassPathResolvingEnabled(false)))
        .withMetrics(new MicrometerMetricsFactory(metrics))
        .withTransport(ZeroingTransport.create()) // socket buffers zeroed when freed
        .build();
    Bus.registerCodecs(vertx);
    SegmentPool store = new SegmentPool(config.buffers());
    BufferMetrics.bind(store, metrics);
    AutoCloseable processMetrics = ProcessMetrics.bind(metrics);
    Pseudonyms pseudonyms = new Pseudonyms(config.privacy().pseudonymKey());
    Authenticator authenticator = new Authenticator(vertx, config.auth(), config.abuse().quotaClaim());
    AbuseLimits limits = new AbuseLimits(config.abuse(), Clock.systemUTC());
    AuditLog audit = new AuditLog(pseudonyms);
    vertx.setPeriodic(AUDIT_FLUSH_MILLIS, id -> audit.flushIfDue());
    Guards guards = new Guards(authenticator, limits, pseudonyms, audit, new EventTickets(System::currentTimeMillis));
    JobRegistry registry = new JobRegistry(vertx, config.jobs(), config.abuse());
    ResultStore results = ResultStores.create(vertx, store, config.jobs());
    Health health = new Health(vertx, store::stats, config.buffers().segmentBytes(),
        JobsConfig.STORE_REDIS.equals(config.jobs().store()) ? Optional.of(results::ping) : Optional.empty());
    // Up before the models load, so probes see STARTING (not a refused connection) meanwhile.
    ManagementVerticle management = config.management().enabled()
        ? new ManagementVerticle(config.management(), health, metrics) : null;
    ReceiptSigner signer = ReceiptSigner.from(config.receipts());
    // Receipts last as long as a finished job's tombstone; at most two per job the server can hold.
    ReceiptBook receipts = new ReceiptBook(config.jobs().maxJobs() * 2,
        Duration.ofSeconds(config.jobs().tombstoneSeconds()), Clock.systemUTC());
    Webhooks webhooks = new Webhooks(vertx, config.webhooks(), config.auth().developmentMode(),
        new WebhookSecrets(config.webhooks(), Clock.systemUTC()), new WebhookClient(vertx), metrics,
        config.jobs().tombstoneSeconds());
    vertx.eventBus().<Progress>localConsumer(Bus.PROGRESS, m -> registry.onProgress(m.body()));
    // Port 0 would give every instance its own port; a negative port is Vert.x's "one random port
    // shared by all instances".
    int port = config.http().port() == 0 ? SHARED_RANDOM_PORT : config.http().port();
    List<HttpVerticle> instances = new CopyOnWriteArrayList<>();
    AtomicReference<Intake> admitted = new AtomicReference<>();
    // Timed by the worker (at warm-up, then per finished job), read by the intake's estimates.
    EffectSpeeds speeds = new EffectSpeeds();
    // The chain starts on no context: a failure is reported even after Vert.x closed its event loops.
    return Future.<Void>succeededFuture()
        .compose(v -> management == null ? Future.succeededFuture() : vertx.deployVerticle(management))
        .compose(v -> authenticator.start())
        // The first round trip to Redis sets up its client (seconds); done here, not in the first probe.
        .compose(v -> results.ping().otherwiseEmpty())
        .compose(v -> vertx.deployVerticle(new InferenceVerticle(config, store, metrics, speeds)))
        .compose(id -> vertx.eventBus().<JsonArray>request(Bus.MODELS, null))
        .map(reply -> {
          health.modelsLoaded(reply.body().size());
          return reply;
        })
        .map(reply -> new Intake(new Intake.Parts(vertx, new EffectOptions(config.output()),
            installed(reply.body()), limits, registry, audit,
            new UsageAnalytics(metrics, config.privacy().analytics()), new JobOutcomes(metrics),
            new ImageGuard(config.limits()), new ResultCipher(store), results, pseudonyms, config.jobs(),
            config.worker().maxJobSeconds(), signer, receipts, webhooks, new WorkBudget(speeds, config.worker()))))
        .compose(intake -> {
          admitted.set(intake);
          UploadStore uploads = new UploadStore(vertx, intake, store, config.uploads(), config.limits());
          return vertx.deployVerticle(() -> {
            HttpVerticle v = new HttpVerticle(new HttpVerticle.Parts(config, port, store, metrics, health, guards,
                intake, registry, results, receipts, signer.publicJwk(), uploads, webhooks));
            instances.add(v);
            return v;
          }, new DeploymentOptions().setInstances(config.http().instances()));
        })
        .map(id -> {
          Tls.watch(vertx, instances.get(0).server(), config.tls());
          int bound = instances.get(0).server().actualPort();
          health.started();
          String scheme = config.tls().enabled() ? "https" : "http";
          LOG.log(System.Logger.Level.INFO, "zeroprint listening on {0}://{1}:{2,number,#}", scheme, config.http().host(), bound);
          if (!config.tls().enabled() && !ZeroprintConfig.isLoopback(config.http().host())) {
            LOG.log(System.Logger.Level.WARNING, "plain HTTP on a non-loopback address (tls.allowPlainHttp)");
          }
          int managed = management == null ? ManagementConfig.OFF : management.port();
          if (management != null) {
            LOG.log(System.Logger.Level.INFO, "management endpoints (health, metrics) on http://{0}:{1,number,#}",
                config.management().host(), managed);
          }
          return new ZeroprintServer(vertx, store, metrics, bound, managed, authenticator.developmentToken(), registry,
              results, authenticator, new Draining(health, admitted.get(), instances, config.shutdown().graceSeconds(),
              processMetrics), speeds);
        })
        .recover(err -> {
          closeQuietly(processMetrics);
          return vertx.close().transform(v -> Future.failedFuture(err));
        });
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "closing the process metrics: " + e.getClass().getSimpleName());
    }
  }

  /** Completes once no image memory is in use, or after a short wait (the drain goes on either way). */
  private Future<Void> settled() {
    return Future.fromCompletionStage(store.whenDrained().completeOnTimeout(null, LAST_ANSWER_SECONDS, TimeUnit.SECONDS));
  }

  private static InstalledModels installed(JsonArray manifests) {
    return new InstalledModels(manifests.stream().map(m -> ModelManifest.fromJson((JsonObject) m)).toList());
  }

  public int port() {
    return port;
  }

  /** The management listener's port, or -1 when it is off. */
  public int managementPort() {
    return managementPort;
  }

  /** How long each effect takes on this server, as the intake's estimates read it. */
  public EffectSpeeds speeds() {
    return speeds;
  }

  public SegmentPool store() {
    return store;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The HTTP routes (every instance has the same). */
  public io.vertx.ext.web.Router router() {
    return draining.instances().get(0).router();
  }

  /**
   * The graceful drain (SIGTERM, and tests): readiness answers 503 and the intake refuses new work
   * at once; admitted requests and jobs get {@code shutdown.graceSeconds} to finish and be
   * collected; what is left is then ended with {@code shutting_down} (waiting clients are told), the
   * HTTP servers let those last answers out, the result store is emptied and Vert.x stops. Completes
   * once no image memory is in use and the idle segments are freed. Calling it again returns the
   * same drain.
   */
  public Future<Void> close() {
    if (!closing.compareAndSet(false, true)) {
      return closed.future();
    }
    draining.health().draining();
    draining.intake().drain();
    LOG.log(System.Logger.Level.INFO, "draining: new work refused, admitted work has {0} s to finish",
        draining.graceSeconds());
    Drain.awaitIdle(vertx, registry, draining.graceSeconds())
        .compose(clean -> {
          if (!clean) {
            LOG.log(System.Logger.Level.WARNING, "grace period over: cancelling the work still in progress");
          }
          registry.close(new ProblemException(ErrorCode.SHUTTING_DOWN,
              "The server shut down before the request finished; everything it held was erased. Send it again."));
          return Future.join(draining.instances().stream()
              .map(v -> v.server().shutdown(LAST_ANSWER_SECONDS, TimeUnit.SECONDS)).toList());
        })
        // Work the worker still holds (cancelled jobs' last tiles) gives its memory back while Vert.x runs.
        .transform(v -> settled())
        .transform(v -> results.close())
        .transform(v -> authenticator.close())
        .transform(v -> vertx.close())
        .transform(v -> settled())
        .onComplete(ar -> {
          store.freeIdle();
          closeQuietly(draining.processMetrics());
          boolean clean = store.stats().inUseBytes() == 0;
          LOG.log(clean ? System.Logger.Level.INFO : System.Logger.Level.ERROR,
              clean ? "drained: no image memory in use" : "stopped with image memory still in use");
          closed.complete();
        });
    return closed.future();
  }
}
