package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestTokens;
import io.zeroprint.ZeroprintServer;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.config.ConfigException;
import io.zeroprint.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The management listener: health with its named procedures and the metrics, with no token, on a
 * port of its own; the public port keeps its admin-only metrics and status-only health.
 */
class ManagementPortTest extends ServerTestBase {
  private static final long BUDGET = 8L << 20;

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("management", new JsonObject().put("port", 0))
        .put("buffers", new JsonObject().put("budgetBytes", BUDGET).put("maxIdleBytes", 1L << 20));
  }

  @Test
  void theManagementPortAnswersHealthAndMetricsWithoutAToken() {
    assertEquals(200, management("/health/live").statusCode());
    assertEquals("UP", body(management("/health/started")).getString("status"));
    HttpResponse<byte[]> ready = management("/health/ready");
    assertEquals(200, ready.statusCode());
    JsonObject report = body(ready);
    assertEquals("UP", report.getString("status"));
    assertEquals(new JsonArray().add("models").add("buffers").add("drain"), ids(report.getJsonArray("checks")),
        "the procedures, and no redis when results stay in memory");
    HttpResponse<byte[]> metrics = management("/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(new String(metrics.body(), StandardCharsets.UTF_8).contains("zeroprint_buffer_in_use_bytes"));
  }

  @Test
  void thePublicMetricsStillNeedAnAdminToken() {
    assertEquals(401, send(HttpRequest.newBuilder(uri("/metrics")).GET().build()).statusCode());
    assertEquals(403, send(HttpRequest.newBuilder(uri("/metrics"))
        .header("Authorization", "Bearer " + TestTokens.token("user", "enhance")).GET().build()).statusCode());
    assertEquals(200, get("/metrics").statusCode());
  }

  @Test
  void theManagementPortServesNothingElse() {
    assertEquals(404, management("/v1/effects").statusCode());
    assertEquals(404, management("/v1/admin/status").statusCode());
  }

  @Test
  void thePublicHealthAnswersOnlyItsStatus() {
    for (String path : new String[] {"/health/live", "/health/started", "/health/ready"}) {
      HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri(path)).GET().build());
      assertEquals(200, resp.statusCode(), path);
      assertEquals(new JsonObject().put("status", "UP"), body(resp), path);
    }
  }

  @Test
  void theManagementPortIsNeverThePublicPort() {
    assertNotEquals(server.port(), server.managementPort());
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromJson(new JsonObject()
        .put("http", new JsonObject().put("port", 9090)).put("management", new JsonObject().put("port", 9090))));
    assertTrue(e.getMessage().contains("management.port") && e.getMessage().contains("http.port"), e.getMessage());
  }

  @Test
  void theBuffersProcedureGoesDownWhileTheBudgetIsExhaustedAndUpOnceItIsGivenBack() {
    try (ByteLease all = server.store().leaseBytes((int) BUDGET)) {
      HttpResponse<byte[]> ready = management("/health/ready");
      assertEquals(503, ready.statusCode());
      JsonObject report = body(ready);
      assertEquals("DOWN", report.getString("status"));
      assertEquals("DOWN", check(report, "buffers").getString("status"));
      assertEquals("UP", check(report, "models").getString("status"));
      assertEquals(new JsonObject().put("status", "DOWN"), body(send(HttpRequest.newBuilder(uri("/health/ready")).GET().build())),
          "the public port says the same, without the details");
      assertEquals(200, management("/health/live").statusCode(), "still alive: nothing to restart");
    }
    assertEquals(200, management("/health/ready").statusCode());
  }

  @Test
  void minusOneTurnsTheManagementListenerOff() throws Exception {
    ZeroprintServer off = ZeroprintServer.start(ConfigLoader.fromJson(super.overrides()))
        .toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    try {
      assertEquals(-1, off.managementPort());
    } finally {
      off.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private HttpResponse<byte[]> management(String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort() + path))
        .timeout(TIMEOUT).GET().build());
  }

  static JsonObject body(HttpResponse<byte[]> resp) {
    return new JsonObject(new String(resp.body(), StandardCharsets.UTF_8));
  }

  static JsonObject check(JsonObject report, String id) {
    return report.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no procedure " + id + " in " + report));
  }

  private static JsonArray ids(JsonArray checks) {
    return new JsonArray(checks.stream().map(c -> ((JsonObject) c).getString("id")).toList());
  }
}
