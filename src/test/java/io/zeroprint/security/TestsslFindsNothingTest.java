package io.zeroprint.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * testssl.sh (Debian package {@code testssl.sh}, installed by .ci/run) runs its vulnerability checks
 * against the TLS listener; any finding rated LOW or worse fails the test. Skipped, with that
 * reason, on a machine without testssl.sh.
 */
class TestsslFindsNothingTest extends TlsTestBase {
  private static final Path TESTSSL = Path.of("/usr/bin/testssl");
  private static final Set<String> FAILING = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
  private static final long MINUTES = 8;

  @Test
  void testsslReportsNoVulnerability() throws Exception {
    assumeTrue(Files.isExecutable(TESTSSL), "testssl.sh is not installed (apt-get install testssl.sh)");
    Path json = Files.createTempFile("testssl", ".json");
    Files.delete(json);
    try {
      Process p = new ProcessBuilder(List.of(TESTSSL.toString(), "--quiet", "--color", "0", "--warnings", "batch",
          "--vulnerable", "--protocols", "--jsonfile", json.toString(), "127.0.0.1:" + server.port()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      assertTrue(p.waitFor(MINUTES, TimeUnit.MINUTES), "testssl.sh did not finish");
      JsonArray findings = new JsonArray(Files.readString(json));
      List<String> bad = findings.stream().map(JsonObject.class::cast)
          .filter(f -> FAILING.contains(f.getString("severity")))
          .map(f -> f.getString("id") + " " + f.getString("severity") + ": " + f.getString("finding"))
          .toList();
      assertEquals(List.of(), bad);
      assertTrue(findings.size() > 10, "testssl.sh ran its checks: " + findings.size() + " results");
    } finally {
      Files.deleteIfExists(json);
    }
  }
}
