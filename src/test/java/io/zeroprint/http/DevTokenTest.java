package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.RawHttp;
import io.zeroprint.ServerTestBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Development mode (no JWKS): the app may fetch an {@code enhance}-only token, but only through a
 * loopback {@code Host} and, when the browser names one, a loopback {@code Origin}. Every request
 * here goes to 127.0.0.1; the foreign names are only header values, as a rebinding attack sends them.
 */
class DevTokenTest extends ServerTestBase {

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("auth", new JsonObject().put("jwks", ""));
  }

  @Test
  void theAppConfigurationOffersTheDevelopmentToken() {
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/app-config.json")).build());
    assertEquals(new JsonObject().put("devToken", true).putNull("oidc"),
        new JsonObject(new String(resp.body(), StandardCharsets.UTF_8)));
  }

  @Test
  void aLoopbackCallerGetsAnEnhanceOnlyTokenThatWorks() throws Exception {
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/v1/dev/token"))
        .header("Origin", "http://127.0.0.1:" + server.port()).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, resp.statusCode());
    assertEquals("no-store", WebAppTest.header(resp, "cache-control"));
    JsonObject body = new JsonObject(new String(resp.body(), StandardCharsets.UTF_8));
    assertEquals("Bearer", body.getString("token_type"));
    assertEquals("enhance", body.getString("scope"));
    assertEquals(3600, body.getInteger("expires_in"));
    String token = body.getString("access_token");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    assertEquals("enhance", claims.getString("scope"));
    long lifetime = claims.getLong("exp") - claims.getLong("iat");
    assertEquals(3600, lifetime);

    assertEquals(200, send(bearer("/v1/me/data", token).build()).statusCode());
    assertProblem(send(bearer("/v1/admin/status", token).build()), 403, "forbidden");
  }

  @Test
  void everyLoopbackNameWithAnyPortIsAccepted() throws Exception {
    for (String host : List.of("127.0.0.1:" + server.port(), "localhost:" + server.port(), "LOCALHOST", "[::1]:8080",
        "127.0.0.1")) {
      assertEquals(200, RawHttp.status(tokenRequest(host, null)), host);
    }
    assertEquals(200, RawHttp.status(tokenRequest("localhost:8080", "http://localhost:5173")));
    assertEquals(200, RawHttp.status(tokenRequest("[::1]:8080", "https://[::1]:8443")));
  }

  @Test
  void aRebindingHostIsRefused() throws Exception {
    for (String host : List.of("evil.example:8080", "evil.example", "127.0.0.1.evil.example", "localhost.evil.example:80",
        "10.0.0.1:8080", "[::2]", "127.0.0.2")) {
      String answer = tokenRequest(host, null);
      assertEquals(403, RawHttp.status(answer), host);
      assertTrue(answer.contains("\"code\":\"origin_not_allowed\""), answer);
      assertTrue(!answer.contains("access_token"), answer);
    }
  }

  @Test
  void aForeignOriginIsRefused() throws Exception {
    for (String origin : List.of("https://evil.example", "http://evil.example:" + server.port(), "null",
        "http://127.0.0.1.evil.example", "file://")) {
      String answer = tokenRequest("127.0.0.1:" + server.port(), origin);
      assertEquals(403, RawHttp.status(answer), origin);
      assertTrue(answer.contains("\"code\":\"origin_not_allowed\""), answer);
    }
  }

  @Test
  void theTokenRouteTakesOnlyPost() {
    String token = new JsonObject(new String(send(HttpRequest.newBuilder(uri("/v1/dev/token"))
        .POST(HttpRequest.BodyPublishers.noBody()).build()).body(), StandardCharsets.UTF_8)).getString("access_token");
    HttpResponse<byte[]> resp = send(bearer("/v1/dev/token", token).GET().build());
    assertEquals(405, resp.statusCode());
    assertEquals("POST", WebAppTest.header(resp, "allow"));
  }

  private String tokenRequest(String host, String origin) throws Exception {
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      raw.head("POST /v1/dev/token HTTP/1.1\r\nHost: " + host + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
          + "Content-Length: 0\r\nConnection: close\r\n");
      return raw.readAll();
    }
  }

  private HttpRequest.Builder bearer(String path, String token) {
    return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + token);
  }
}
