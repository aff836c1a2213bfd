package io.zeroprint.webapp;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Chromium the browser tests drive. On a developer's machine without one they are skipped; on CI
 * (the {@code CI} environment variable set, as every CI service does) a missing browser fails them, so
 * a broken install cannot pass as a green run that tested nothing.
 */
final class Chromium {
  private Chromium() {
  }

  /** The executable, or the test is skipped (failed on CI) when there is none. */
  static Path required() {
    Path chromium = StudioInBrowserTest.chromium();
    if (Files.isExecutable(chromium)) {
      return chromium;
    }
    String why = "no Chromium at " + chromium + " (apt-get install chromium, or set ZEROPRINT_CHROMIUM)";
    if (onCi(System.getenv("CI"))) {
      fail(why + "; CI is set, so the browser tests must run");
    }
    assumeTrue(false, why);
    return chromium;
  }

  /** CI services set {@code CI=true} (some {@code 1}); an empty value or {@code false} is a local run. */
  static boolean onCi(String ci) {
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
  }
}
