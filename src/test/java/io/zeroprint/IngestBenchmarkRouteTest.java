package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The benchmark-only ingest route receives, zeroes and releases an upload without inference. */
class IngestBenchmarkRouteTest extends ServerTestBase {

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("http").put("ingestBenchmarkRoute", true);
    return o;
  }

  @Test
  void anUploadIsReceivedAndReleasedWithoutInference() {
    byte[] jpeg = resource("images/rocket.jpg");

    var resp = postMultipart("/v1/bench/ingest", jpeg, null);

    assertEquals(204, resp.statusCode());
    assertEquals(String.valueOf(jpeg.length), resp.headers().firstValue("zeroprint-received-bytes").orElse(""));
    assertEquals("jpeg", resp.headers().firstValue("zeroprint-format").orElse(""));
    assertBuffersReleased();
  }

  @Test
  void theRouteHasTheSameLimitsAsEnhance() {
    assertProblem(postRaw("/v1/bench/ingest", "text/plain", new byte[10]), 415, "unsupported_media_type");
    assertBuffersReleased();
  }
}
