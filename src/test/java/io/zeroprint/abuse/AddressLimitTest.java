package io.zeroprint.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** The per-address bucket is checked before authentication, so token guessing is throttled too. */
class AddressLimitTest extends ServerTestBase {
  private static final int PER_MINUTE = 4;

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("abuse").put("perIpPerMinute", PER_MINUTE);
    return o;
  }

  @Test
  void requestsWithoutATokenCountAgainstTheAddress() {
    for (int i = 0; i < PER_MINUTE; i++) {
      assertEquals(401, send(HttpRequest.newBuilder(uri("/v1/me/data")).GET().build()).statusCode());
    }
    assertProblem(send(HttpRequest.newBuilder(uri("/v1/me/data")).header("Authorization", "Bearer " + TOKEN)
        .GET().build()), 429, "rate_limited");
  }
}
