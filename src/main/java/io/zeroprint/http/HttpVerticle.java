package io.zeroprint.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.bus.Bus;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.security.Caller;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** The HTTP API on an event loop: routes as method references, one failure handler. */
public final class HttpVerticle extends VerticleBase {
  /** Multipart form fields accepted at most (only {@code options} is a field). */
  private static final int MAX_FORM_FIELDS = 4;
  private static final int CORS_MAX_AGE_SECONDS = 600;
  private static final String RESPOND_ASYNC = "respond-async";
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ZeroprintConfig config;
  private final int port;
  private final BufferStore store;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier ready;
  private final Guards guards;
  private final Jobs jobs;
  private HttpServer server;
  private JobsHandler jobsHandler;
  private EnhanceHandler enhance;
  private JobFlow flow;
  private EffectGate effects;

  public HttpVerticle(ZeroprintConfig config, int port, BufferStore store, PrometheusMeterRegistry metrics,
      BooleanSupplier ready, Guards guards, Jobs jobs) {
    this.jobs = jobs;
    this.config = config;
    this.port = port;
    this.store = store;
    this.metrics = metrics;
    this.ready = ready;
    this.guards = guards;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>request(Bus.EFFECTS, null).compose(reply -> {
      effects = new EffectGate(reply.body());
      return listen();
    });
  }

  private Future<?> listen() {
    Problems problems = new Problems(config.worker().retryAfterSeconds());
    AccessHandlers access = new AccessHandlers(guards);
    Dispatcher dispatcher = new Dispatcher(vertx, config, effects);
    enhance = new EnhanceHandler(vertx, config, store, problems, guards, dispatcher);
    flow = new JobFlow(vertx, config.jobs(), dispatcher, jobs.registry(), jobs.results(), store,
        guards.pseudonyms());
    jobsHandler = new JobsHandler(vertx, config, store, guards, jobs.registry(), jobs.results(), flow, problems);
    MeHandler me = new MeHandler(guards, jobs);
    AdminHandler admin = new AdminHandler(store, guards);
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::apply);
    if (!config.privacy().allowedOrigins().isEmpty()) {
      router.route().handler(cors());
    }
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    router.get("/v1/effects").handler(access::limitAddress).handler(this::effects); // public: no personal data
    router.route("/v1/*").handler(access::limitAddress).handler(access::authenticate).handler(access::limitSubject);
    router.route("/metrics").handler(access::limitAddress).handler(access::authenticate);
    router.post("/v1/enhance").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(this::enhanceOrJob);
    router.post("/v1/jobs").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(jobsHandler::submit);
    router.get("/v1/jobs/:id").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(jobsHandler::status);
    router.get("/v1/jobs/:id/events").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(jobsHandler::events);
    router.get("/v1/jobs/:id/result").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(jobsHandler::result);
    router.delete("/v1/jobs/:id").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(jobsHandler::delete);
    router.get("/v1/ws").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(this::webSocket);
    router.get("/v1/me/data").handler(me::data);
    router.delete("/v1/me").handler(me::erase);
    router.get("/v1/admin/status").handler(access.requireScope(Caller.SCOPE_ADMIN)).handler(admin::status);
    router.get("/metrics").handler(access.requireScope(Caller.SCOPE_ADMIN)).handler(this::metrics);
    if (config.http().ingestBenchmarkRoute()) {
      router.post("/v1/bench/ingest").handler(access.requireScope(Caller.SCOPE_ENHANCE))
          .handler(new IngestBenchmarkHandler(store, config.limits(), problems)::handle);
    }
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
        .setCompressionSupported(false) // also keeps TLS responses clear of BREACH
        .setWebSocketSubProtocols(List.of(AccessHandlers.WS_TOKEN_PROTOCOL));
    Tls.configure(options, config.tls());
    server = vertx.createHttpServer(options).requestHandler(router);
    return server.listen().onSuccess(s -> Tls.watch(vertx, s, config.tls()));
  }

  private CorsHandler cors() {
    return CorsHandler.create().addOrigins(config.privacy().allowedOrigins())
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "Prefer"))
        .exposedHeaders(Set.of("Retry-After", AccessHandlers.RATE_LIMIT_LIMIT, AccessHandlers.RATE_LIMIT_REMAINING,
            AccessHandlers.RATE_LIMIT_RESET, "Zeroprint-Width", "Zeroprint-Height"))
        .maxAgeSeconds(CORS_MAX_AGE_SECONDS);
  }

  /** {@code Prefer: respond-async} turns a synchronous enhance into a job (RFC 7240). */
  private void enhanceOrJob(RoutingContext rc) {
    String prefer = rc.request().getHeader("Prefer");
    if (prefer != null && prefer.toLowerCase(java.util.Locale.ROOT).contains(RESPOND_ASYNC)) {
      rc.response().putHeader("Preference-Applied", RESPOND_ASYNC);
      jobsHandler.submit(rc);
    } else {
      enhance.handle(rc);
    }
  }

  private void webSocket(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    rc.request().toWebSocket()
        .onSuccess(ws -> new WebSocketSession(ws, caller, config, store, jobs.registry(), flow).start())
        .onFailure(rc::fail);
  }

  /** The port actually bound (differs from the configured one when that is 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void effects(RoutingContext rc) {
    json(rc, 200, effects.catalogue());
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
