package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.RawHttp;
import io.zeroprint.ServerTestBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web app as the packaged jar serves it: files read from the classpath folder {@code webroot/}
 * (here {@code target/classes/webroot}, put there by the build like the jar's entries), with their
 * types, a content-hash ETag, the app's CSP and permissions, and nothing outside the bundle.
 */
class WebAppTest extends ServerTestBase {
  static final String APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  @Test
  void theRootIsTheAppsIndexPageWithTheAppsHeaders() {
    HttpResponse<byte[]> resp = anonymous("/");
    assertEquals(200, resp.statusCode());
    assertArrayEquals(resource("webroot/index.html"), resp.body());
    assertEquals("text/html; charset=utf-8", header(resp, "content-type"));
    assertEquals(APP_CSP, header(resp, "content-security-policy"));
    assertEquals("no-referrer", header(resp, "referrer-policy"));
    String permissions = header(resp, "permissions-policy");
    assertTrue(permissions.startsWith("camera=(self), microphone=(), geolocation=()"), permissions);
    assertEquals("no-cache", header(resp, "cache-control"));
    assertEquals("nosniff", header(resp, "x-content-type-options"));
    assertEquals("DENY", header(resp, "x-frame-options"));
    assertTrue(header(resp, "etag").matches("\"[A-Za-z0-9_-]{43}\""), header(resp, "etag"));
  }

  @Test
  void eachFileIsServedWithItsContentType() {
    HttpResponse<byte[]> js = anonymous("/js/main.js");
    assertEquals(200, js.statusCode());
    assertEquals("text/javascript; charset=utf-8", header(js, "content-type"));
    assertArrayEquals(resource("webroot/js/main.js"), js.body());
    assertEquals(header(anonymous("/"), "etag"), header(anonymous("/index.html"), "etag"));
    assertEquals("text/css; charset=utf-8", StaticBundle.typeOf("studio.css"));
    assertEquals("image/svg+xml", StaticBundle.typeOf("icons/logo.svg"));
    assertEquals("image/png", StaticBundle.typeOf("a.PNG"));
    assertEquals("application/json", StaticBundle.typeOf("x.json"));
    assertEquals("image/x-icon", StaticBundle.typeOf("favicon.ico"));
  }

  @Test
  void aKnownEtagIsAnsweredNotModifiedWithoutABody() {
    String etag = header(anonymous("/js/main.js"), "etag");
    for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
      HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/js/main.js")).header("If-None-Match", ifNoneMatch).build());
      assertEquals(304, resp.statusCode(), ifNoneMatch);
      assertEquals(0, resp.body().length);
      assertEquals(etag, header(resp, "etag"));
      assertEquals("no-cache", header(resp, "cache-control"));
    }
    assertEquals(200, send(HttpRequest.newBuilder(uri("/js/main.js")).header("If-None-Match", "\"stale\"").build()).statusCode());
  }

  @Test
  void headAnswersTheLengthWithoutTheBody() throws Exception {
    int length = resource("webroot/index.html").length;
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      raw.head("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
      String all = raw.readAll();
      assertEquals(200, RawHttp.status(all));
      assertTrue(all.toLowerCase().contains("content-length: " + length), all);
      assertTrue(all.endsWith("\r\n\r\n"), "a body followed the head: " + all);
    }
  }

  @Test
  void anotherMethodOnAnAppFileIsMethodNotAllowed() {
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/js/main.js")).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertProblem(resp, 405, "method_not_allowed");
    assertEquals("GET, HEAD", header(resp, "allow"));
  }

  @Test
  void onlyFilesInTheBundleAreServed() throws Exception {
    for (String path : List.of("/README.md", "/webroot/index.html", "/index.html/", "/app.js/", "/pom.xml",
        "/conf/zeroprint.json", "/io/zeroprint/Main.class", "/nothing.js")) {
      assertProblem(anonymous(path), 404, "not_found");
    }
    for (String path : List.of("/../pom.xml", "/%2e%2e/pom.xml", "/..%2fpom.xml", "/.%2e/.%2e/etc/passwd",
        "/../webroot/README.md", "//etc/passwd", "/app.js%00", "/%2fapp.js")) {
      try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
        raw.head("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        String all = raw.readAll();
        int status = RawHttp.status(all);
        assertTrue(status == 404 || status == 400, path + " answered " + all);
        assertFalse(all.contains("<project") || all.contains("root:"), path + " leaked a file");
      }
    }
  }

  @Test
  void theApiKeepsItsLockedDownPolicy() {
    HttpResponse<byte[]> resp = anonymous("/v1/effects");
    assertTrue(header(resp, "content-security-policy").startsWith("default-src 'none'"));
    assertEquals("no-store", header(resp, "cache-control"));
  }

  @Test
  void theAppConfigurationWithAJwksOffersNeitherADevelopmentTokenNorAProvider() {
    HttpResponse<byte[]> resp = anonymous("/app-config.json");
    assertEquals(200, resp.statusCode());
    assertEquals("no-store", header(resp, "cache-control"));
    assertEquals("application/json", header(resp, "content-type"));
    assertEquals(new JsonObject().put("devToken", false).putNull("oidc"),
        new JsonObject(new String(resp.body(), StandardCharsets.UTF_8)));
  }

  @Test
  void theDevelopmentTokenRouteDoesNotExistWithAJwks() {
    assertProblem(send(HttpRequest.newBuilder(uri("/v1/dev/token")).POST(HttpRequest.BodyPublishers.noBody()).build()),
        404, "not_found");
    assertProblem(send(request("/v1/dev/token").POST(HttpRequest.BodyPublishers.noBody()).build()), 404, "not_found");
  }

  private HttpResponse<byte[]> anonymous(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build());
  }

  static String header(HttpResponse<?> resp, String name) {
    return resp.headers().firstValue(name).orElse("");
  }
}
