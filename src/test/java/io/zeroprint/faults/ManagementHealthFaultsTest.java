package io.zeroprint.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.TestImages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The {@code drain} procedure, seen on the management port while admitted work still runs: DOWN (and
 * readiness DRAINING) from the first moment, while liveness stays UP so nothing restarts the pod.
 */
class ManagementHealthFaultsTest extends FaultTestBase {
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(16, 16), "png");

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("management", new JsonObject().put("port", 0))
        .put("shutdown", new JsonObject().put("graceSeconds", 20));
  }

  @Test
  void theDrainProcedureGoesDownAsSoonAsADrainBegins() {
    assertEquals("UP", check(json(management("/health/ready")), "drain").getString("status"));
    HeldJobs worker = new HeldJobs(1);
    intercept(worker);
    submitJob("", "image/png", IMAGE);
    await(worker.arrived(), "the job at the worker");

    CompletableFuture<Void> drained = server.close().toCompletionStage().toCompletableFuture();

    HttpResponse<byte[]> ready = management("/health/ready");
    assertEquals(503, ready.statusCode());
    JsonObject report = json(ready);
    assertEquals("DRAINING", report.getString("status"));
    assertEquals("DOWN", check(report, "drain").getString("status"));
    assertEquals(200, management("/health/live").statusCode(), "alive while draining");
    worker.release();
    within(drained, "the drain to end");
  }

  private HttpResponse<byte[]> management(String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort() + path))
        .timeout(TIMEOUT).GET().build());
  }

  /** One procedure of a management readiness report. */
  static JsonObject check(JsonObject report, String id) {
    return report.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no procedure " + id + " in " + report));
  }
}
