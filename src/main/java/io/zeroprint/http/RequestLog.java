package io.zeroprint.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.jobs.Job;
import io.zeroprint.logging.LogFields;
import io.zeroprint.logging.Logs;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Every request's id and, with {@code logging.accessLog}, its access-log line. The id is random
 * (a UUID, like a job id: from a secure generator, so nobody guesses another's) and goes out as
 * {@value #HEADER} on every answer — problems, 404s, refused upgrades and requests the router never
 * took included; a synchronous enhance takes its job's id, which also names its receipt, so a
 * request has one id. The access line holds the method, the route template, the status, bytes in and
 * out, the duration and the ids: never the raw path, a query, a header, an address or a subject.
 */
final class RequestLog {
  static final String HEADER = "Zeroprint-Request-Id";
  static final String LOGGER = "zeroprint.access";
  private static final System.Logger ACCESS = System.getLogger(LOGGER);
  private static final String ID = "zeroprint.requestId";
  private static final String JOB = "zeroprint.job";
  private static final String LOGGED = "zeroprint.logged";
  private static final String START = "zeroprint.start";
  private static final int SWITCHING_PROTOCOLS = 101;

  private final boolean accessLog;
  private final RouteTemplates routes;

  RequestLog(boolean accessLog, RouteTemplates routes) {
    this.accessLog = accessLog;
    this.routes = routes;
  }

  /** The router's first handler. */
  void handle(RoutingContext rc) {
    String id = assign(rc.response());
    rc.put(ID, id);
    if (accessLog) {
      long start = System.nanoTime();
      rc.put(START, start);
      rc.addEndHandler(ar -> {
        if (rc.get(LOGGED) == null) {
          write(rc.request(), null, ar.failed(), start, route(rc), fields(rc));
        }
      });
    }
    rc.next();
  }

  /**
   * The request became a WebSocket: its line is written now, with status 101. The socket's messages
   * are not HTTP requests, and its lifetime is the session's, not the request's.
   */
  void upgraded(RoutingContext rc) {
    if (accessLog && rc.get(LOGGED) == null) {
      write(rc.request(), SWITCHING_PROTOCOLS, false, rc.get(START), route(rc), fields(rc));
    }
    rc.put(LOGGED, true);
  }

  /** A request the router never takes ({@link Problems#rejectUnrouted}): an id, and a line without a route. */
  void unrouted(HttpServerRequest req) {
    String id = assign(req.response());
    if (accessLog) {
      long start = System.nanoTime();
      req.response().endHandler(v -> write(req, null, false, start, RouteTemplates.UNKNOWN, LogFields.request(id)));
    }
  }

  /** The request's id, for the lines written while it runs. */
  static String id(RoutingContext rc) {
    return rc.get(ID);
  }

  /** The request is this synchronous job: its id becomes the request's, and its effect is logged. */
  static void adopt(RoutingContext rc, Job job) {
    rc.put(ID, job.id());
    rc.response().putHeader(HEADER, job.id());
    about(rc, job);
  }

  /** The request created or named this job: its line names the job and its effect (read at the end, when known). */
  static void about(RoutingContext rc, Job job) {
    rc.put(JOB, job);
  }

  private static String assign(HttpServerResponse resp) {
    String id = UUID.randomUUID().toString();
    resp.putHeader(HEADER, id);
    return id;
  }

  /** A method HTTP defines, or {@code OTHER}: a client's own method name is not the log's to keep. */
  private static String method(HttpServerRequest req) {
    HttpMethod m = req.method();
    return HttpMethod.values().contains(m) ? m.name() : "OTHER";
  }

  private String route(RoutingContext rc) {
    return routes.of(rc.request().method(), rc.normalizedPath());
  }

  private static LogFields fields(RoutingContext rc) {
    Job job = rc.get(JOB);
    LogFields f = LogFields.request(id(rc));
    return job == null ? f : f.with(LogFields.JOB, job.id()).with(LogFields.EFFECT, job.effect());
  }

  /**
   * @param upgradeStatus the status when the response does not tell it (an upgrade), else null
   * @param aborted       the connection closed before the answer was complete
   */
  private static void write(HttpServerRequest req, Integer upgradeStatus, boolean aborted, long start, String route,
      LogFields about) {
    HttpServerResponse resp = req.response();
    Integer status = upgradeStatus != null ? upgradeStatus : resp.headWritten() ? resp.getStatusCode() : null;
    String method = method(req);
    LogFields f = about.with("method", method).with("route", route).with(LogFields.STATUS, status)
        .with("bytesIn", req.bytesRead()).with("bytesOut", resp.bytesWritten())
        .with(LogFields.DURATION_MS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    if (aborted) {
      f = f.with("aborted", true);
    }
    Logs.log(ACCESS, System.Logger.Level.INFO, f, "{0} {1} {2}", method, route,
        status == null ? "aborted" : status.toString());
  }
}
