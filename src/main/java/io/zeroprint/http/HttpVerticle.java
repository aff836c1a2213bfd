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
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.health.Health;
import io.zeroprint.intake.Intake;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.ResultStore;
import io.zeroprint.receipt.ReceiptBook;
import io.zeroprint.security.Caller;
import io.zeroprint.uploads.UploadStore;
import io.zeroprint.webhooks.Webhooks;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The HTTP API on an event loop: routes as method references, one failure handler. */
public final class HttpVerticle extends VerticleBase {
  private static final String RESPOND_ASYNC = "respond-async";
  /**
   * The largest WebSocket message, and so the largest frame: browsers and Node send each message as
   * one unfragmented frame, so the two limits must agree with what clients are told they may send.
   */
  static final int MAX_WEBSOCKET_MESSAGE = 256 * 1024;

  private final ZeroprintConfig config;
  private final int port;
  private final BufferStore store;
  private final PrometheusMeterRegistry metrics;
  private final Health health;
  private final Guards guards;
  private final Intake intake;
  private final JobRegistry registry;
  private final ResultStore results;
  private final ReceiptBook receiptBook;
  private final JsonObject receiptKey;
  private final UploadStore uploads;
  private final Webhooks webhooks;
  private HttpServer server;
  private Router router;
  private JsonObject effects;

  /** Everything an HTTP verticle is built from, shared by all its instances. */
  public record Parts(ZeroprintConfig config, int port, BufferStore store, PrometheusMeterRegistry metrics,
      Health health, Guards guards, Intake intake, JobRegistry registry, ResultStore results,
      ReceiptBook receipts, JsonObject receiptKey, UploadStore uploads, Webhooks webhooks) {}

  public HttpVerticle(Parts p) {
    this.config = p.config();
    this.port = p.port();
    this.store = p.store();
    this.metrics = p.metrics();
    this.health = p.health();
    this.guards = p.guards();
    this.intake = p.intake();
    this.registry = p.registry();
    this.results = p.results();
    this.receiptBook = p.receipts();
    this.receiptKey = p.receiptKey();
    this.uploads = p.uploads();
    this.webhooks = p.webhooks();
  }

  @Override
  public Future<?> start() {
    // The web app, the contract and the docs page are read from the classpath (a jar) off the event
    // loop, once per process.
    return vertx.executeBlocking(() -> new Served(StaticBundle.load(), ContractFiles.load(), DocsPage.load()))
        .compose(this::start);
  }

  /** What the server answers from memory. */
  private record Served(StaticBundle bundle, ContractFiles contract, DocsPage docs) {}

  private Future<?> start(Served served) {
    effects = EffectsJson.render(intake.installed());
    Problems problems = new Problems(vertx, config.worker().retryAfterSeconds(), config.limits().maxUploadBytes());
    AccessHandlers access = new AccessHandlers(guards, new ClientAddress(config.http().proxies()));
    long pingMillis = pingMillis();
    EnhanceHandler enhance = new EnhanceHandler(vertx, intake, registry, store, config.limits(), problems);
    JobsHandler jobs = new JobsHandler(vertx, intake, registry, results, store, config.limits(), guards.pseudonyms(),
        problems, pingMillis, webhooks);
    WebSocketSession.Parts sockets = new WebSocketSession.Parts(vertx, intake, registry, store, results,
        guards.pseudonyms(), config.limits(), pingMillis);
    MeHandler me = new MeHandler(registry, results, guards.limits(), guards.pseudonyms(), guards.audit());
    AdminHandler admin = new AdminHandler(store, guards);
    Receipts receipts = new Receipts(receiptBook, receiptKey);
    ResumableUploadsHandler tus = new ResumableUploadsHandler(uploads, problems);
    router = Router.router(vertx);
    AllowedMethods allowed = new AllowedMethods(router);
    RequestLog requests = new RequestLog(config.logging().accessLog(), new RouteTemplates(router));
    router.route().handler(requests::handle);
    router.route().handler(SecurityHeaders::apply);
    if (!config.privacy().allowedOrigins().isEmpty()) {
      router.route().handler(new Cors(config.privacy().allowedOrigins())::handle);
    }
    new HealthRoutes(health, false).mount(router);
    router.get("/v1/effects").handler(access::limitAddress).handler(this::effects); // public: no personal data
    router.get("/.well-known/zeroprint-receipt-key").handler(access::limitAddress).handler(receipts::publicKey);
    new WebApp(served.bundle(), config.auth()).routes(router);
    new ContractRoutes(served.contract()).routes(router);
    served.docs().routes(router);
    if (guards.authenticator().developmentMode()) {
      router.post(DevTokens.PATH).handler(access::limitAddress).handler(new DevTokens(guards.authenticator())::issue);
    } else {
      router.route(DevTokens.PATH).handler(access::limitAddress).handler(problems::notFound); // no such route, token or not
    }
    EventTicketHandler tickets = new EventTicketHandler(guards.tickets(), registry, guards.audit());
    router.route("/v1/*").handler(access::limitAddress);
    router.get("/v1/jobs/:id/events").handler(tickets::redeem);
    router.route("/v1/*").handler(access::authenticate);
    router.route("/metrics").handler(access::limitAddress).handler(access::authenticate);
    // Work is rate-limited by the intake (the same on every transport); everything else here as a read.
    router.post("/v1/enhance").handler(access.requireScope(Caller.SCOPE_ENHANCE))
        .handler(rc -> enhanceOrJob(rc, enhance, jobs));
    router.post("/v1/jobs").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(jobs::submit);
    router.route("/v1/uploads*").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(tus::announce);
    router.post("/v1/uploads").handler(tus::create); // work: rate-limited by the intake
    router.route("/v1/*").handler(access::limitReads);
    router.options("/v1/uploads").handler(tus::discover);
    router.head("/v1/uploads/:id").handler(tus::head);
    router.patch("/v1/uploads/:id").handler(tus::patch);
    router.delete("/v1/uploads/:id").handler(tus::terminate);
    router.get("/v1/jobs/:id").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(jobs::status);
    router.get("/v1/jobs/:id/events").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(jobs::events);
    router.post("/v1/jobs/:id/events-ticket").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(tickets::issue);
    router.get("/v1/jobs/:id/result").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(jobs::result);
    router.delete("/v1/jobs/:id").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(jobs::delete);
    router.get("/v1/receipts/:id").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(receipts::receipt);
    router.get("/v1/ws").handler(access.requireScope(Caller.SCOPE_ENHANCE)).handler(rc -> webSocket(rc, sockets, requests));
    router.get("/v1/me/data").handler(me::data);
    router.delete("/v1/me").handler(me::erase);
    router.get("/v1/me/webhook-secret").handler(access.requireScope(Caller.SCOPE_ENHANCE))
        .handler(new WebhookSecretHandler(webhooks.secrets())::secret);
    router.get("/v1/admin/status").handler(access.requireScope(Caller.SCOPE_ADMIN)).handler(admin::status);
    router.get("/metrics").handler(access.requireScope(Caller.SCOPE_ADMIN))
        .handler(new MetricsScrape(metrics)::handle);
    if (config.http().ingestBenchmarkRoute()) {
      router.post("/v1/bench/ingest").handler(access.requireScope(Caller.SCOPE_ENHANCE))
          .handler(new IngestBenchmarkHandler(store, config.limits(), problems)::handle);
    }
    // A path some route serves, asked with another method, is a 405 with Allow; anything else a 404.
    router.route().handler(rc -> {
      String methods = allowed.of(rc.normalizedPath());
      if (methods.isEmpty()) {
        problems.notFound(rc);
      } else {
        problems.methodNotAllowed(rc, methods);
      }
    });
    router.route().failureHandler(problems::handle);
    router.errorHandler(404, problems::notFound);
    router.errorHandler(405, rc -> problems.methodNotAllowed(rc, allowed.of(rc.normalizedPath())));
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.http().host()).setPort(port)
        .setIdleTimeout(config.http().idleTimeoutSeconds())
        .setMaxHeaderSize(config.http().maxHeaderBytes())
        .setHandle100ContinueAutomatically(false)
        .setCompressionSupported(false) // also keeps TLS responses clear of BREACH
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE)
        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE)
        // No WebSocket compression, like no HTTP compression: nothing compresses a secret next to
        // attacker-chosen bytes, and a frame with RSV1 set is then a protocol error (RFC 6455 5.2).
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setWebSocketSubProtocols(List.of(AccessHandlers.WS_TOKEN_PROTOCOL));
    Tls.configure(options, config.tls());
    server = vertx.createHttpServer(options)
        .requestHandler(req -> {
          if (Problems.routable(req)) {
            router.handle(req);
          } else {
            requests.unrouted(req);
            problems.rejectUnrouted(req);
          }
        })
        .invalidRequestHandler(req -> {
          requests.unrouted(req);
          problems.rejectUnrouted(req);
        });
    return server.listen();
  }

  /** Pings (SSE comments, WebSocket pings) twice per idle period keep a waiting client's connection open. */
  private long pingMillis() {
    return Math.max(500, TimeUnit.SECONDS.toMillis(config.http().idleTimeoutSeconds()) / 2);
  }

  /** {@code Prefer: respond-async} turns a synchronous enhance into a job (RFC 7240). */
  private static void enhanceOrJob(RoutingContext rc, EnhanceHandler enhance, JobsHandler jobs) {
    String prefer = rc.request().getHeader("Prefer");
    if (prefer != null && prefer.toLowerCase(Locale.ROOT).contains(RESPOND_ASYNC)) {
      rc.response().putHeader("Preference-Applied", RESPOND_ASYNC);
      jobs.submit(rc);
    } else {
      enhance.handle(rc);
    }
  }

  private void webSocket(RoutingContext rc, WebSocketSession.Parts sockets, RequestLog requests) {
    String upgrade = rc.request().getHeader(HttpHeaders.UPGRADE);
    if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
      // Vert.x would refuse the handshake with a bare 400; the API's answers are problems.
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "This route is a WebSocket: send an upgrade request.");
    }
    Caller caller = rc.get(Caller.KEY);
    boolean optOut = PrivacySignals.optedOut(rc.request());
    rc.request().toWebSocket()
        .onSuccess(ws -> {
          requests.upgraded(rc);
          new WebSocketSession(ws, caller, optOut, sockets).start();
        })
        .onFailure(rc::fail);
  }

  /** The routes this instance serves: the contract's coverage test walks them. */
  public Router router() {
    return router;
  }

  /** The server this instance listens with (all instances share its port). */
  public HttpServer server() {
    return server;
  }

  private void effects(RoutingContext rc) {
    json(rc, 200, EffectsJson.withSpeeds(effects, intake.speeds()));
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.toBuffer());
  }
}
