package io.zeroprint.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.config.ZeroprintConfig;
import java.util.function.BooleanSupplier;

/** The HTTP API on an event loop: routes as method references, one failure handler. */
public final class HttpVerticle extends VerticleBase {
  /** Largest multipart form field (only {@code options} is accepted as a field). */
  private static final int MAX_FORM_FIELDS = 4;
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ZeroprintConfig config;
  private final int port;
  private final BufferStore store;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier ready;
  private HttpServer server;

  public HttpVerticle(ZeroprintConfig config, int port, BufferStore store, PrometheusMeterRegistry metrics,
      BooleanSupplier ready) {
    this.config = config;
    this.port = port;
    this.store = store;
    this.metrics = metrics;
    this.ready = ready;
  }

  @Override
  public Future<?> start() {
    Problems problems = new Problems(config.worker().retryAfterSeconds());
    EnhanceHandler enhance = new EnhanceHandler(vertx, config, store, problems);
    Router router = Router.router(vertx);
    router.post("/v1/enhance").handler(enhance::handle);
    if (config.http().ingestBenchmarkRoute()) {
      router.post("/v1/bench/ingest").handler(new IngestBenchmarkHandler(store, config.limits(), problems)::handle);
    }
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(this::metrics);
    router.route().failureHandler(problems::handle);
    router.errorHandler(404, problems::notFound);
    router.errorHandler(405, problems::methodNotAllowed);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.http().host()).setPort(port)
        .setIdleTimeout(config.http().idleTimeoutSeconds())
        .setMaxHeaderSize(config.http().maxHeaderBytes())
        .setMaxFormAttributeSize(config.limits().maxOptionsBytes())
        .setMaxFormFields(MAX_FORM_FIELDS)
        .setHandle100ContinueAutomatically(false)
        .setCompressionSupported(false);
    server = vertx.createHttpServer(options).requestHandler(router);
    return server.listen();
  }

  /** The port actually bound (differs from the configured one when that is 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void live(RoutingContext rc) {
    json(rc, 200, new JsonObject().put("status", "UP"));
  }

  private void ready(RoutingContext rc) {
    boolean ok = ready.getAsBoolean();
    json(rc, ok ? 200 : 503, new JsonObject().put("status", ok ? "UP" : "STARTING"));
  }

  private void metrics(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TYPE).end(metrics.scrape());
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.toBuffer());
  }
}
