package io.zeroprint.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules under {@code ops/} parse, and every metric
 * their expressions (and the autoscaler) read is served on a real server's {@code /metrics} once it
 * has served a real upscale and a failing request.
 */
class OperatorDashboardsTest extends ServerTestBase {
  private static final Path DASHBOARD = Path.of("ops/grafana/zeroprint.json");
  private static final Path ALERTS = Path.of("ops/prometheus/zeroprint-alerts.yaml");

  @Test
  void everyMetricTheDashboardTheAlertsAndTheAutoscalerReadIsServed() throws IOException {
    byte[] jpeg = resource("images/rocket.jpg");
    assertEquals(200, postRaw("/v1/enhance?scale=2", "image/jpeg", jpeg).statusCode(), "an upscale");
    assertProblem(postRaw("/v1/enhance?scale=2", "image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 3)), 422,
        "corrupt_image");
    Set<String> served = servedMetricNames();

    Map<String, String> expressions = new LinkedHashMap<>();
    dashboardExpressions().forEach(e -> expressions.put("dashboard: " + e, e));
    alertRules().forEach(r -> expressions.put("alert " + r.get("alert") + ": " + r.get("expr"), (String) r.get("expr")));
    expressions.put("HorizontalPodAutoscaler", autoscalerMetric());

    List<String> missing = new ArrayList<>();
    expressions.forEach((where, expr) -> {
      Set<String> names = PromQl.metricNames(expr);
      assertFalse(names.isEmpty(), "no metric in " + where);
      names.stream().filter(n -> !served.contains(n)).forEach(n -> missing.add(n + " (" + where + ")"));
    });
    assertEquals(List.of(), missing, () -> "not on /metrics; served: " + served.stream()
        .filter(n -> n.startsWith("zeroprint_") || n.startsWith("jvm_") || n.startsWith("process_")
            || n.startsWith("vertx_http_server")).collect(Collectors.joining(" ")));
  }

  @Test
  void theDashboardShowsRequestsStagesQueueMemoryJvmAndModels() throws IOException {
    Set<String> read = new TreeSet<>();
    dashboardExpressions().forEach(e -> read.addAll(PromQl.metricNames(e)));
    for (String metric : List.of("zeroprint_jobs_total", "zeroprint_usage_requests_total", "zeroprint_stage_seconds_sum",
        "zeroprint_queue_depth", "zeroprint_buffer_in_use_bytes", "zeroprint_buffer_high_water_bytes",
        "zeroprint_buffer_refusals_total", "jvm_memory_used_bytes", "jvm_buffer_memory_used_bytes",
        "zeroprint_models_ready", "zeroprint_models_load_seconds")) {
      assertTrue(read.contains(metric), "the dashboard shows " + metric);
    }
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    Set<Integer> ids = new TreeSet<>();
    for (Object p : dashboard.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) p;
      assertNotNull(panel.getString("title"), "every panel has a title");
      assertNotNull(panel.getJsonObject("gridPos"), panel.getString("title") + " has a position");
      assertTrue(ids.add(panel.getInteger("id")), "panel ids are unique");
    }
  }

  @Test
  void everyAlertHasAnExpressionASeverityAndASummary() throws IOException {
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> rule : alertRules()) {
      String name = (String) rule.get("alert");
      assertTrue(name != null && names.add(name), "alert names are present and unique: " + name);
      assertInstanceOf(String.class, rule.get("expr"), name);
      Map<?, ?> labels = assertInstanceOf(Map.class, rule.get("labels"), name + " labels");
      assertTrue(Set.of("warning", "critical").contains(labels.get("severity")), name + " severity");
      Map<?, ?> annotations = assertInstanceOf(Map.class, rule.get("annotations"), name + " annotations");
      assertInstanceOf(String.class, annotations.get("summary"), name + " summary");
    }
    for (String expected : List.of("ZeroprintImageMemoryNearlyFull", "ZeroprintQueueFull", "ZeroprintServerErrors",
        "ZeroprintModelsNotReady")) {
      assertTrue(names.contains(expected), expected);
    }
  }

  @Test
  void theTokenizerKeepsMetricsAndSkipsFunctionsLabelsRangesAndKeywords() {
    assertEquals(List.of("a_total", "b_bytes", "c:recorded"), List.copyOf(PromQl.metricNames(
        "sum by (le, pod) (rate(a_total{outcome=~\"x|y\", pod!='z'}[5m] offset 1h)) / on (pod) group_left (effect) "
            + "max without (id) (b_bytes{area=\"heap\"}[$__rate_interval]) > bool 0.9 and c:recorded unless "
            + "histogram_quantile(0.99, 1e3)")));
  }

  private Set<String> servedMetricNames() {
    String text = new String(get("/metrics").body(), StandardCharsets.UTF_8);
    return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> dashboardExpressions() throws IOException {
    List<String> out = new ArrayList<>();
    collectExpr(new JsonObject(Files.readString(DASHBOARD)), out);
    assertFalse(out.isEmpty(), "the dashboard has queries");
    return out;
  }

  private static void collectExpr(Object node, List<String> out) {
    if (node instanceof JsonObject o) {
      o.forEach(e -> {
        if ("expr".equals(e.getKey())) {
          out.add((String) e.getValue());
        } else {
          collectExpr(e.getValue(), out);
        }
      });
    } else if (node instanceof JsonArray a) {
      a.forEach(v -> collectExpr(v, out));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> alertRules() throws IOException {
    Map<String, Object> file = Serialization.yamlMapper().readValue(Files.readString(ALERTS), Map.class);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object group : (List<Object>) file.get("groups")) {
      rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
    }
    assertFalse(rules.isEmpty(), "alert rules");
    return rules;
  }

  private static String autoscalerMetric() {
    HorizontalPodAutoscaler hpa = Manifests.one(Manifests.all(), HorizontalPodAutoscaler.class);
    List<MetricSpec> metrics = hpa.getSpec().getMetrics();
    assertEquals(1, metrics.size(), "one autoscaling metric");
    assertEquals("Pods", metrics.get(0).getType());
    return metrics.get(0).getPods().getMetric().getName();
  }
}
