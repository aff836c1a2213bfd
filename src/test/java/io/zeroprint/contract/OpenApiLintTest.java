package io.zeroprint.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.yaml} passes {@code @redocly/cli lint} with the recommended rules
 * ({@code src/test/openapi-lint/redocly.yaml}): a document that is valid OpenAPI 3.1 and free of the
 * mistakes the rules catch (unresolved references, duplicate operationIds, undeclared path
 * parameters, ...). Run through Node, offline: no telemetry, no update check.
 */
class OpenApiLintTest {
  private static final Path FOLDER = Path.of("src/test/openapi-lint");
  private static final Path DOCUMENT = Path.of("src/main/resources/contract/openapi.yaml");
  private static final long TIMEOUT_SECONDS = 180;

  @Test
  void theOpenApiDocumentPassesRedoclysRecommendedRules() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("node", "node_modules/@redocly/cli/bin/cli.js", "lint",
        "--config", "redocly.yaml", "--format", "stylish", DOCUMENT.toAbsolutePath().toString())
        .directory(FOLDER.toFile()).redirectErrorStream(true);
    pb.environment().put("REDOCLY_TELEMETRY", "off");
    pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    pb.environment().put("REDOCLY_SUPPRESS_NOTIFICATIONS", "true");
    Path log = Files.createTempFile("zeroprint-redocly-", ".log");
    pb.redirectOutput(log.toFile());
    try {
      Process p = pb.start();
      boolean exited = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!exited) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(exited, () -> "redocly lint did not finish within " + TIMEOUT_SECONDS + " s:\n" + output);
      System.out.println(output);
      assertEquals(0, p.exitValue(), () -> "redocly lint found errors:\n" + output);
      assertTrue(output.contains("Your API description is valid"), output);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
