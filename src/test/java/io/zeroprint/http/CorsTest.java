package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.privacy.LogCapture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * CORS with {@code privacy.corsAllowedOrigins} set: the allowed origin may send the API's request
 * headers and read its response headers; the server's own web app is not cross-origin; any other
 * origin gets a plain 403, never a server error.
 */
class CorsTest extends ServerTestBase {
  private static final String APP = "https://app.zeroprint.test";

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("privacy", new JsonObject().put("corsAllowedOrigins", APP + ",http://localhost:5173"));
  }

  @Test
  void aPreflightFromAnAllowedOriginMaySendTheApisHeaders() {
    HttpResponse<byte[]> resp = preflight("/v1/jobs", APP, "authorization,content-type,idempotency-key,prefer,zeroprint-result-key");
    assertEquals(204, resp.statusCode());
    assertEquals(APP, WebAppTest.header(resp, "access-control-allow-origin"));
    assertTrue(list(resp, "access-control-allow-headers").containsAll(
        Set.of("authorization", "content-type", "idempotency-key", "prefer", "zeroprint-result-key")));
    assertTrue(list(resp, "access-control-allow-methods").containsAll(Set.of("get", "post", "delete")));
  }

  @Test
  void anAllowedOriginMayReadTheApisResponseHeaders() {
    HttpResponse<byte[]> resp = send(request("/v1/me/data").header("Origin", "http://localhost:5173").GET().build());
    assertEquals(200, resp.statusCode());
    assertEquals("http://localhost:5173", WebAppTest.header(resp, "access-control-allow-origin"));
    assertTrue(list(resp, "access-control-expose-headers").containsAll(Set.of("location", "retry-after", "link",
        "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "zeroprint-request-id", "zeroprint-width",
        "zeroprint-height", "zeroprint-result-key")), WebAppTest.header(resp, "access-control-expose-headers"));
  }

  @Test
  void aForeignOriginIsRefusedPlainlyAndLogsNoError() {
    try (LogCapture logs = LogCapture.install()) {
      for (HttpResponse<byte[]> resp : List.of(
          preflight("/v1/enhance", "https://evil.example", "authorization"),
          preflight("/v1/enhance", "null", "authorization"),
          send(request("/v1/me/data").header("Origin", "https://evil.example").GET().build()),
          send(HttpRequest.newBuilder(uri("/v1/effects")).header("Origin", "https://app.zeroprint.test.evil.example").build()),
          send(HttpRequest.newBuilder(uri("/")).header("Origin", "http://evil.example").build()))) {
        assertProblem(resp, 403, "origin_not_allowed");
        assertFalse(resp.headers().firstValue("access-control-allow-origin").isPresent());
      }
      String text = logs.text();
      assertFalse(text.contains("SEVERE") || text.contains("unhandled failure"), text);
    }
  }

  @Test
  void theServersOwnWebAppIsNotCrossOrigin() {
    String self = "http://127.0.0.1:" + server.port();
    HttpResponse<byte[]> api = send(request("/v1/me/data").header("Origin", self).GET().build());
    assertEquals(200, api.statusCode());
    assertFalse(api.headers().firstValue("access-control-allow-origin").isPresent());
    assertEquals(200, send(HttpRequest.newBuilder(uri("/app-config.json")).header("Origin", self).build()).statusCode());
  }

  @Test
  void aRequestWithoutAnOriginIsNoCorsRequest() {
    assertEquals(200, get("/v1/me/data").statusCode());
  }

  private HttpResponse<byte[]> preflight(String path, String origin, String headers) {
    return send(HttpRequest.newBuilder(uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", headers).build());
  }

  private static Set<String> list(HttpResponse<?> resp, String header) {
    return Arrays.stream(WebAppTest.header(resp, header).split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }
}
