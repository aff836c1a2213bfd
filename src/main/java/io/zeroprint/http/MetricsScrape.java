package io.zeroprint.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /metrics} in Prometheus' text format: on the management port, and admin-only on the public one. */
final class MetricsScrape {
  static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final PrometheusMeterRegistry metrics;

  MetricsScrape(PrometheusMeterRegistry metrics) {
    this.metrics = metrics;
  }

  void handle(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TYPE).end(metrics.scrape());
  }
}
