package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Security headers on every response; CORS only for the configured origins. */
class BrowserSafetyTest extends ServerTestBase {
  private static final String APP = "https://app.zeroprint.test";

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("privacy", new JsonObject().put("corsAllowedOrigins", APP));
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    for (HttpResponse<byte[]> resp : java.util.List.of(get("/health/live"), get("/v1/nothing"),
        send(HttpRequest.newBuilder(uri("/v1/me/data")).GET().build()))) {
      assertEquals("nosniff", resp.headers().firstValue("x-content-type-options").orElse(""));
      assertEquals("no-referrer", resp.headers().firstValue("referrer-policy").orElse(""));
      assertEquals("no-store", resp.headers().firstValue("cache-control").orElse(""));
      assertTrue(resp.headers().firstValue("content-security-policy").orElse("").contains("default-src 'none'"));
    }
  }

  @Test
  void aPreflightFromTheAllowedOriginIsAnsweredWithoutAToken() {
    HttpResponse<byte[]> resp = preflight(APP);
    assertTrue(resp.statusCode() < 300, "status " + resp.statusCode());
    assertEquals(APP, resp.headers().firstValue("access-control-allow-origin").orElse(""));
  }

  @Test
  void anotherOriginGetsNoCorsGrant() {
    HttpResponse<byte[]> resp = preflight("https://evil.example");
    assertFalse(resp.headers().firstValue("access-control-allow-origin").isPresent());
  }

  @Test
  void aBrowsersTusClientMayPatchWithTheTusHeadersAndReadTheOnesItNeeds() {
    HttpResponse<byte[]> pre = send(HttpRequest.newBuilder(uri("/v1/uploads/some-id"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", APP)
        .header("Access-Control-Request-Method", "PATCH")
        .header("Access-Control-Request-Headers", "authorization,content-type,tus-resumable,upload-offset,upload-checksum")
        .build());
    assertTrue(pre.statusCode() < 300, "status " + pre.statusCode());
    assertTrue(pre.headers().firstValue("access-control-allow-methods").orElse("").contains("PATCH"));
    String allowed = pre.headers().firstValue("access-control-allow-headers").orElse("").toLowerCase(java.util.Locale.ROOT);
    for (String h : java.util.List.of("tus-resumable", "upload-offset", "upload-length", "upload-metadata", "upload-checksum")) {
      assertTrue(allowed.contains(h), h + " in " + allowed);
    }

    HttpResponse<byte[]> created = send(request("/v1/uploads").header("Origin", APP).header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", "10").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(201, created.statusCode());
    String exposed = created.headers().firstValue("access-control-expose-headers").orElse("").toLowerCase(java.util.Locale.ROOT);
    for (String h : java.util.List.of("upload-offset", "location", "upload-expires", "tus-resumable", "zeroprint-job")) {
      assertTrue(exposed.contains(h), h + " in " + exposed);
    }
    assertEquals(204, send(request(created.headers().firstValue("Location").orElseThrow()).header("Tus-Resumable", "1.0.0")
        .DELETE().build()).statusCode());
  }

  private HttpResponse<byte[]> preflight(String origin) {
    return send(HttpRequest.newBuilder(uri("/v1/enhance")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type").build());
  }
}
