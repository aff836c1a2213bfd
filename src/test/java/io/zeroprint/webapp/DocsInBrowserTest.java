package io.zeroprint.webapp;


import io.zeroprint.ServerTestBase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /docs} in a real Chromium: Swagger UI from the jar lists the contract's operations, and
 * the page's CSP holds with no violation ({@code src/test/browser/docs.test.mjs}). Skipped when no
 * Chromium is installed (failed on CI).
 */
class DocsInBrowserTest extends ServerTestBase {

  @Test
  void theDocsPageListsTheOperationsUnderItsCspWithNoViolation() throws Exception {
    Path chromium = Chromium.required();
    System.out.println(StudioInBrowserTest.run("docs.test.mjs", Map.of(
        "ZEROPRINT_URL", "http://127.0.0.1:" + server.port(),
        "ZEROPRINT_IMAGES", StudioInBrowserTest.imagesDir().toString(),
        "ZEROPRINT_OUT", Path.of("target", "browser").toAbsolutePath().toString(),
        "ZEROPRINT_CHROMIUM", chromium.toString())));
  }
}
