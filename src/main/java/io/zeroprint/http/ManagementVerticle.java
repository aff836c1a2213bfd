package io.zeroprint.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.zeroprint.config.ConfigException;
import io.zeroprint.config.ManagementConfig;
import io.zeroprint.health.Health;

/**
 * The management listener: health with its procedures and {@code /metrics}, with no token. It is
 * reachable only where the operator binds it (loopback by default, the pod IP in a cluster, opened
 * to the monitoring namespace alone) and is never the public port; it serves nothing else.
 */
public final class ManagementVerticle extends VerticleBase {
  private final ManagementConfig config;
  private final Health health;
  private final PrometheusMeterRegistry metrics;
  private HttpServer server;

  public ManagementVerticle(ManagementConfig config, Health health, PrometheusMeterRegistry metrics) {
    this.config = config;
    this.health = health;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::apply);
    new HealthRoutes(health, true).mount(router);
    router.get("/metrics").handler(new MetricsScrape(metrics)::handle);
    // Nothing here needs a body, so the upload limit is 0; nothing here is retryable either.
    Problems problems = new Problems(vertx, 1, 0);
    router.route().handler(problems::notFound);
    router.route().failureHandler(problems::handle);
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
        .setCompressionSupported(false)).requestHandler(router);
    return server.listen().recover(err -> Future.failedFuture(new ConfigException("management.port",
        "cannot listen on " + config.host() + ":" + config.port() + " (" + err.getMessage()
            + "): set it to a free port, or -1 to turn the management listener off")));
  }

  /** The port it listens on (the one picked, for port 0). */
  public int port() {
    return server.actualPort();
  }
}
