package io.zeroprint.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.health.Health;

/**
 * {@code /health/live}, {@code /health/started} and {@code /health/ready}: 200 when UP, 503
 * otherwise. The public port answers only {@code {"status": ...}}; the management port also lists
 * the procedures that decided readiness.
 */
final class HealthRoutes {
  private final Health health;
  private final boolean detailed;

  HealthRoutes(Health health, boolean detailed) {
    this.health = health;
    this.detailed = detailed;
  }

  void mount(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/started").handler(this::started);
    router.get("/health/ready").handler(this::ready);
  }

  private void live(RoutingContext rc) {
    answer(rc, Health.State.UP, null);
  }

  private void started(RoutingContext rc) {
    answer(rc, health.startedState(), null);
  }

  private void ready(RoutingContext rc) {
    health.ready().onComplete(ar -> {
      if (ar.succeeded()) {
        answer(rc, ar.result().state(), detailed ? ar.result() : null);
      } else {
        answer(rc, Health.State.DOWN, null);
      }
    });
  }

  private static void answer(RoutingContext rc, Health.State state, Health.Report report) {
    JsonObject body = new JsonObject().put("status", state.name());
    if (report != null) {
      body.put("checks", report.checks());
    }
    rc.response().setStatusCode(state == Health.State.UP ? 200 : 503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.toBuffer());
  }
}
