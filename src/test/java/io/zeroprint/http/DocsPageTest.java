package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.ServerTestBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /docs} over HTTP: the page, its files and their CSP (the browser test renders it). */
class DocsPageTest extends ServerTestBase {

  @Test
  void theDocsPageIsPublicHtmlWithItsOwnNarrowCsp() {
    HttpResponse<byte[]> page = send(HttpRequest.newBuilder(uri("/docs")).timeout(TIMEOUT).GET().build());
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElse(""));
    assertEquals(DocsPage.CSP, page.headers().firstValue("content-security-policy").orElse(""));
    assertFalse(DocsPage.CSP.contains("unsafe"), DocsPage.CSP);
  }

  @Test
  void everyScriptAndStyleThePageNamesIsServedFromThisOriginAndNoScriptIsInline() {
    String html = new String(get("/docs").body(), StandardCharsets.UTF_8);
    assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), "an inline script: " + html);
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    int files = 0;
    while (refs.find()) {
      String ref = refs.group(1);
      assertTrue(ref.startsWith("/"), "a reference off this origin: " + ref);
      assertEquals(200, get(ref).statusCode(), ref);
      files++;
    }
    assertEquals(5, files, html); // icon, style, viewer, initializer, and the document itself
  }

  @Test
  void theViewerIsServedWithScriptAndStyleTypes() {
    HttpResponse<byte[]> script = get("/docs/swagger-ui-bundle.js");
    assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("content-type").orElse(""));
    assertTrue(script.body().length > 100_000, "the viewer is " + script.body().length + " bytes");
    assertEquals("text/css; charset=utf-8", get("/docs/swagger-ui.css").headers().firstValue("content-type").orElse(""));
    String init = new String(get("/docs/init.js").body(), StandardCharsets.UTF_8);
    assertTrue(init.contains("'/openapi.yaml'") && init.contains("validatorUrl: null"), init);
  }

  @Test
  void aFileTheDocsDoNotHaveIsNotFound() {
    assertProblem(get("/docs/swagger-ui.js"), 404, "not_found");
  }
}
