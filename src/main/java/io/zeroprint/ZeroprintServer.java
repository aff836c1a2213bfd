package io.zeroprint;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.zeroprint.abuse.AbuseLimits;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.bus.Bus;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.effects.EffectOptions;
import io.zeroprint.http.Guards;
import io.zeroprint.http.HttpVerticle;
import io.zeroprint.http.Tls;
import io.zeroprint.http.ZeroingTransport;
import io.zeroprint.intake.InstalledModels;
import io.zeroprint.intake.Intake;
import io.zeroprint.intake.JobOutcomes;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.ResultCipher;
import io.zeroprint.jobs.ResultStore;
import io.zeroprint.jobs.ResultStores;
import io.zeroprint.metrics.BufferMetrics;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running zeroprint: a Vert.x instance, the buffer pool, the inference worker (models loaded
 * and warm before HTTP opens), the intake every transport admits work through, and the HTTP
 * verticles. Ready once all of it is up. Tests start it in-process on port 0.
 */
public final class ZeroprintServer {
  private static final int SHARED_RANDOM_PORT = -1;
  private static final long AUDIT_FLUSH_MILLIS = 10_000;
  private static final System.Logger LOG = System.getLogger(ZeroprintServer.class.getName());

  private final Vertx vertx;
  private final SegmentPool store;
  private final PrometheusMeterRegistry metrics;
  private final int port;
  private final Optional<String> developmentToken;
  private final JobRegistry registry;
  private final ResultStore results;
  private final Authenticator authenticator;

  private ZeroprintServer(Vertx vertx, SegmentPool store, PrometheusMeterRegistry metrics, int port,
      Optional<String> developmentToken, JobRegistry registry, ResultStore results, Authenticator authenticator) {
    this.authenticator = authenticator;
    this.vertx = vertx;
    this.store = store;
    this.metrics = metrics;
    this.port = port;
    this.developmentToken = developmentToken;
    this.registry = registry;
    this.results = results;
  }

  /** In development mode (no JWKS, loopback), a token for this run; empty otherwise. */
  public Optional<String> developmentToken() {
    return developmentToken;
  }

  public static Future<ZeroprintServer> start(ZeroprintConfig config) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions()
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true))
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
    AtomicBoolean ready = new AtomicBoolean();
    Pseudonyms pseudonyms = new Pseudonyms(config.privacy().pseudonymKey());
    Authenticator authenticator = new Authenticator(vertx, config.auth(), config.abuse().quotaClaim());
    AbuseLimits limits = new AbuseLimits(config.abuse(), Clock.systemUTC());
    AuditLog audit = new AuditLog(pseudonyms);
    vertx.setPeriodic(AUDIT_FLUSH_MILLIS, id -> audit.flushIfDue());
    Guards guards = new Guards(authenticator, limits, pseudonyms, audit, new EventTickets(System::currentTimeMillis));
    JobRegistry registry = new JobRegistry(vertx, config.jobs(), config.abuse());
    ResultStore results = ResultStores.create(vertx, store, config.jobs());
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
    return authenticator.start()
        .compose(v -> vertx.deployVerticle(new InferenceVerticle(config, store, metrics)))
        .compose(id -> vertx.eventBus().<JsonArray>request(Bus.MODELS, null))
        .map(reply -> new Intake(new Intake.Parts(vertx, new EffectOptions(config.output()),
            installed(reply.body()), limits, registry, audit,
            new UsageAnalytics(metrics, config.privacy().analytics()), new JobOutcomes(metrics),
            new ImageGuard(config.limits()), new ResultCipher(store), results, pseudonyms, config.jobs(),
            config.worker().jobTimeoutSeconds(), signer, receipts, webhooks)))
        .compose(intake -> {
          UploadStore uploads = new UploadStore(vertx, intake, store, config.uploads(), config.limits());
          return vertx.deployVerticle(() -> {
            HttpVerticle v = new HttpVerticle(new HttpVerticle.Parts(config, port, store, metrics, ready::get, guards,
                intake, registry, results, receipts, signer.publicJwk(), uploads, webhooks));
            instances.add(v);
            return v;
          }, new DeploymentOptions().setInstances(config.http().instances()));
        })
        .map(id -> {
          Tls.watch(vertx, instances.get(0).server(), config.tls());
          int bound = instances.get(0).server().actualPort();
          ready.set(true);
          String scheme = config.tls().enabled() ? "https" : "http";
          LOG.log(System.Logger.Level.INFO, "zeroprint listening on {0}://{1}:{2,number,#}", scheme, config.http().host(), bound);
          if (!config.tls().enabled() && !ZeroprintConfig.isLoopback(config.http().host())) {
            LOG.log(System.Logger.Level.WARNING, "plain HTTP on a non-loopback address (tls.allowPlainHttp)");
          }
          return new ZeroprintServer(vertx, store, metrics, bound, authenticator.developmentToken(), registry, results,
              authenticator);
        })
        .recover(err -> {
          LOG.log(System.Logger.Level.ERROR, "start-up failed: " + err);
          return vertx.close().transform(v -> Future.failedFuture(err));
        });
  }

  private static InstalledModels installed(JsonArray manifests) {
    return new InstalledModels(manifests.stream().map(m -> ModelManifest.fromJson((JsonObject) m)).toList());
  }

  public int port() {
    return port;
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

  /** Cancels every job (zeroing what they hold), empties the result store, then stops Vert.x. */
  public Future<Void> close() {
    registry.close();
    return results.close().transform(v -> authenticator.close()).transform(v -> vertx.close());
  }
}
