package io.zeroprint;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.bus.Bus;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.http.HttpVerticle;
import io.zeroprint.metrics.BufferMetrics;
import io.zeroprint.worker.InferenceVerticle;
import io.zeroprint.abuse.AbuseLimits;
import io.zeroprint.bus.JobProgress;
import io.zeroprint.http.Guards;
import io.zeroprint.http.Jobs;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.ResultStores;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.privacy.Pseudonyms;
import io.zeroprint.privacy.UsageAnalytics;
import io.zeroprint.security.Authenticator;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running zeroprint: a Vert.x instance, the buffer pool, the inference worker (models loaded
 * and warm before HTTP opens) and the HTTP verticles. Tests start it in-process on port 0.
 */
public final class ZeroprintServer {
  private static final int SHARED_RANDOM_PORT = -1;
  private static final System.Logger LOG = System.getLogger(ZeroprintServer.class.getName());

  private final Vertx vertx;
  private final SegmentPool store;
  private final PrometheusMeterRegistry metrics;
  private final int port;
  private final Optional<String> developmentToken;
  private final Jobs jobs;

  private ZeroprintServer(Vertx vertx, SegmentPool store, PrometheusMeterRegistry metrics, int port,
      Optional<String> developmentToken, Jobs jobs) {
    this.jobs = jobs;
    this.vertx = vertx;
    this.store = store;
    this.metrics = metrics;
    this.port = port;
    this.developmentToken = developmentToken;
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
        .build();
    Bus.registerCodecs(vertx);
    SegmentPool store = new SegmentPool(config.buffers());
    BufferMetrics.bind(store, metrics);
    AtomicBoolean ready = new AtomicBoolean();
    Pseudonyms pseudonyms = new Pseudonyms(config.privacy().pseudonymKey());
    Authenticator authenticator = new Authenticator(vertx, config.auth(), config.abuse().quotaClaim());
    Guards guards = new Guards(authenticator, new AbuseLimits(config.abuse(), Clock.systemUTC()), pseudonyms,
        new AuditLog(pseudonyms), new UsageAnalytics(metrics, config.privacy().analytics()));
    JobRegistry registry = new JobRegistry(vertx, config.jobs(), config.abuse());
    Jobs jobs = new Jobs(registry, ResultStores.create(vertx, store, config.jobs()));
    vertx.eventBus().<JobProgress>localConsumer(Bus.PROGRESS, m -> registry.onProgress(m.body()));
    // Port 0 would give every instance its own port; a negative port is Vert.x's "one random port
    // shared by all instances".
    int port = config.http().port() == 0 ? SHARED_RANDOM_PORT : config.http().port();
    List<HttpVerticle> instances = new CopyOnWriteArrayList<>();
    return authenticator.start()
        .compose(v -> vertx.deployVerticle(new InferenceVerticle(config, store, metrics)))
        .onSuccess(id -> ready.set(true))
        .compose(id -> vertx.deployVerticle(() -> {
          HttpVerticle v = new HttpVerticle(config, port, store, metrics, ready::get, guards, jobs);
          instances.add(v);
          return v;
        }, new DeploymentOptions().setInstances(config.http().instances())))
        .map(id -> instances.get(0).actualPort())
        .map(bound -> {
          String scheme = config.tls().enabled() ? "https" : "http";
          LOG.log(System.Logger.Level.INFO, "zeroprint listening on {0}://{1}:{2,number,#}", scheme, config.http().host(), bound);
          if (!config.tls().enabled() && !ZeroprintConfig.isLoopback(config.http().host())) {
            LOG.log(System.Logger.Level.WARNING, "plain HTTP on a non-loopback address (tls.allowPlainHttp)");
          }
          return new ZeroprintServer(vertx, store, metrics, bound, authenticator.developmentToken(), jobs);
        })
        .recover(err -> {
          LOG.log(System.Logger.Level.ERROR, "start-up failed: " + err);
          return vertx.close().transform(v -> Future.failedFuture(err));
        });
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
    jobs.registry().close();
    return jobs.results().close().transform(v -> vertx.close());
  }
}
