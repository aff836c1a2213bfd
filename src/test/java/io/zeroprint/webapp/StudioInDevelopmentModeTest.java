package io.zeroprint.webapp;


import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The studio in Chromium against a server in development mode (no JWKS): the development-token
 * button, opt-in retention with its key, and a WebSocket dropped mid-job that reconnects and resumes
 * ({@code src/test/browser/devmode.test.mjs}). Skipped when no Chromium is installed (failed when {@code CI} is set).
 */
class StudioInDevelopmentModeTest extends ServerTestBase {

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("auth", new JsonObject().put("jwks", ""));
  }

  @Test
  void theStudioSignsInWithTheDevelopmentTokenKeepsResultsOnRequestAndSurvivesADroppedSocket() throws Exception {
    Path chromium = Chromium.required();
    System.out.println(StudioInBrowserTest.run("devmode.test.mjs", Map.of(
        "ZEROPRINT_URL", "http://127.0.0.1:" + server.port(),
        "ZEROPRINT_IMAGES", StudioInBrowserTest.imagesDir().toString(),
        "ZEROPRINT_OUT", Path.of("target", "browser").toAbsolutePath().toString(),
        "ZEROPRINT_CHROMIUM", chromium.toString())));
    // The kept result was deleted in the browser, so nothing may hold image memory now. /metrics needs
    // an admin token, which development mode does not hand out: ask the pool itself.
    server.store().whenDrained().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
