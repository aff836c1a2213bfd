package io.zeroprint.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestTokens;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The studio (the web app in {@code webroot/}) in a real Chromium against this real server: the
 * Node script {@code src/test/browser/studio.test.mjs} drives it (Playwright over the DevTools
 * protocol, axe-core for accessibility) and prints one line per check; any failed check fails this
 * test with the script's output. Skipped when no Chromium is installed (failed when {@code CI} is set).
 */
class StudioInBrowserTest extends ServerTestBase {
  static final Path BROWSER_TESTS = Path.of("src/test/browser");
  private static final long SCRIPT_TIMEOUT_SECONDS = 240;

  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    // Several photos in flight at once (the landmarks and problem checks send two each).
    o.getJsonObject("worker").put("queueSize", 4);
    return o;
  }

  @Test
  void theStudioEnhancesPhotosInARealBrowserAndLeavesNothingBehind() throws Exception {
    Path chromium = Chromium.required();
    Path out = Path.of("target", "browser");
    Files.createDirectories(out);
    String output = run("studio.test.mjs", Map.of(
        "ZEROPRINT_URL", "http://127.0.0.1:" + server.port(),
        "ZEROPRINT_TOKEN", TestTokens.token("studio-user", "enhance"),
        "ZEROPRINT_ADMIN_TOKEN", TOKEN,
        "ZEROPRINT_IMAGES", imagesDir().toString(),
        "ZEROPRINT_OUT", out.toAbsolutePath().toString(),
        "ZEROPRINT_CHROMIUM", chromium.toString()));
    System.out.println(output);
    assertBuffersReleased();
  }

  static Path chromium() {
    String configured = System.getenv("ZEROPRINT_CHROMIUM");
    return Path.of(configured != null ? configured : "/usr/bin/chromium");
  }

  /** Runs a Node script in {@code src/test/browser}; fails with its output unless it exits 0 in time. */
  static String run(String script, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("node", script).directory(BROWSER_TESTS.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Path log = Files.createTempFile("zeroprint-browser-", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      boolean exited = p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!exited) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(true, exited, () -> script + " did not finish within " + SCRIPT_TIMEOUT_SECONDS + " s:\n" + output);
      assertEquals(0, p.exitValue(), () -> script + " failed:\n" + output);
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  static Path imagesDir() throws URISyntaxException {
    return Path.of(StudioInBrowserTest.class.getResource("/images/astronaut.png").toURI()).getParent();
  }
}
