package io.zeroprint.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.ZeroprintServer;
import io.zeroprint.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Behind an ingress every connection comes from the proxy: with {@code http.trustedProxies} naming
 * it, per-address limits count the client the proxy names (RFC 7239 {@code Forwarded}, else
 * {@code X-Forwarded-For}); nobody else's headers are believed, and a header that cannot be read
 * counts as no header. The clients claimed here are documentation addresses; all traffic is loopback.
 */
class TrustedProxiesTest extends ServerTestBase {
  private static final int PER_MINUTE = 3;

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("abuse").put("perIpPerMinute", PER_MINUTE);
    o.getJsonObject("http").put("trustedProxies", "127.0.0.1/32, ::1");
    return o;
  }

  @Test
  void twoClientsBehindATrustedProxyGetSeparateBuckets() {
    for (int i = 0; i < PER_MINUTE; i++) {
      assertEquals(200, effects(uri("/v1/effects"), "X-Forwarded-For", "192.0.2.10").statusCode());
    }
    assertProblem(effects(uri("/v1/effects"), "X-Forwarded-For", "192.0.2.10"), 429, "rate_limited");
    assertEquals(200, effects(uri("/v1/effects"), "X-Forwarded-For", "192.0.2.11").statusCode(), "another client");
  }

  @Test
  void theRightmostAddressThatIsNotATrustedProxyIsTheClient() {
    // The client may write anything at the left; what our own proxy appended is believed.
    assertEquals(remaining(effects(uri("/v1/effects"), "X-Forwarded-For", "192.0.2.20")) - 1,
        remaining(effects(uri("/v1/effects"), "X-Forwarded-For", "198.51.100.1, 192.0.2.20, 127.0.0.1")));
  }

  @Test
  void forwardedIsReadInItsQuotedAndBracketedFormsAndWinsOverXForwardedFor() {
    int first = remaining(effects(uri("/v1/effects"), "Forwarded", "for=\"[2001:db8::7]:4711\";proto=https"));
    assertEquals(first - 1, remaining(effects(uri("/v1/effects"), "X-Forwarded-For", "2001:db8:0:0:0:0:0:7")),
        "one client, whichever way its address is written");
    HttpResponse<byte[]> both = send(HttpRequest.newBuilder(uri("/v1/effects")).timeout(TIMEOUT)
        .header("Forwarded", "for=\"192.0.2.30:8443\", for=\"[::1]\"").header("X-Forwarded-For", "2001:db8::7").GET().build());
    assertEquals(PER_MINUTE - 1, remaining(both), "Forwarded names a new client; X-Forwarded-For is not read");
  }

  @Test
  void garbageHeadersCountAgainstTheProxyItself() {
    for (int i = 0; i < PER_MINUTE; i++) {
      assertEquals(200, send(HttpRequest.newBuilder(uri("/v1/effects")).timeout(TIMEOUT).GET().build()).statusCode());
    }
    String[][] garbage = {
        {"X-Forwarded-For", "not-an-address"}, {"X-Forwarded-For", "192.0.2.40,,"}, {"X-Forwarded-For", "999.0.2.1"},
        {"X-Forwarded-For", "localhost"}, {"Forwarded", "for=unknown"}, {"Forwarded", "for=_hidden"},
        {"Forwarded", "for=\"[2001:db8::1\""}, {"Forwarded", "for=192.0.2.41;for=192.0.2.42"},
        {"Forwarded", "proto=https"}, {"Forwarded", "for=\"192.0.2.43"}, {"Forwarded", "=192.0.2.44"},
        {"Forwarded", "for=2001:db8::45"},
    };
    for (String[] header : garbage) {
      assertProblem(effects(uri("/v1/effects"), header[0], header[1]), 429, "rate_limited");
    }
    assertEquals(200, effects(uri("/v1/effects"), "X-Forwarded-For", "192.0.2.46").statusCode(), "a real client");
  }

  @Test
  void anUntrustedPeersForwardingHeadersAreIgnored() throws Exception {
    JsonObject o = super.overrides();
    o.getJsonObject("abuse").put("perIpPerMinute", PER_MINUTE);
    ZeroprintServer plain = ZeroprintServer.start(ConfigLoader.fromJson(o))
        .toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    try {
      URI effects = URI.create("http://127.0.0.1:" + plain.port() + "/v1/effects");
      assertEquals(PER_MINUTE - 1, remaining(effects(effects, "X-Forwarded-For", "192.0.2.50")));
      assertEquals(PER_MINUTE - 2, remaining(effects(effects, "X-Forwarded-For", "192.0.2.51")));
      assertEquals(PER_MINUTE - 3, remaining(effects(effects, "Forwarded", "for=192.0.2.52")),
          "every request counted against the peer");
    } finally {
      plain.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private HttpResponse<byte[]> effects(URI uri, String header, String value) {
    return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header(header, value).GET().build());
  }

  private static int remaining(HttpResponse<byte[]> resp) {
    assertEquals(200, resp.statusCode());
    return Integer.parseInt(resp.headers().firstValue("RateLimit-Remaining").orElseThrow());
  }
}
