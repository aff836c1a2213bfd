package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A request that would need more image memory than the budget gets 503 + Retry-After, not an OOM. */
class MemoryBudgetTest extends ServerTestBase {
  private static final long BUDGET = 2L << 20;

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("buffers").put("budgetBytes", BUDGET).put("maxIdleBytes", 0);
    o.getJsonObject("limits").put("maxUploadBytes", BUDGET);
    return o;
  }

  @Test
  void aJobWhosePixelsDoNotFitTheBudgetIsRefusedWithRetryAfter() {
    // 512×512: upload (~0.8 MB) + decoded pixels (0.75 MB) fit, the ×2 result (3 MB) does not
    var resp = postRaw("/v1/enhance?scale=2", "image/png", resource("images/astronaut.png"));

    assertProblem(resp, 503, "memory_busy");
    assertTrue(resp.headers().firstValue("retry-after").isPresent());
    assertBuffersReleased();
    assertTrue(server.store().stats().refusals() >= 1);
  }

  @Test
  void aSmallJobStillFitsAfterARefusal() {
    byte[] small = TestImages.encode(TestImages.gradient(64, 48), "png");

    var resp = postRaw("/v1/enhance?scale=2", "image/png", small);

    assertEquals(200, resp.statusCode());
    assertEquals(128, Pixels.decode(resp.body()).getWidth());
    assertBuffersReleased();
  }
}
