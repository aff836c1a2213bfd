package io.zeroprint.residue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.TestModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees when zeroprint starts the way its image and manifests start it (with
 * {@code TF_CPP_MIN_LOG_LEVEL=2}, which TensorFlow reads from the environment when its native library
 * loads): our own log lines and the development token, no TensorFlow C++ INFO line and no terminal
 * escape sequence. TensorFlow's absl logger, which no setting reaches before it is initialised,
 * still prints its one notice pair; it is named here so that anything new shows up.
 */
class QuietStartupTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern TF_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: [IWEF] ");
  private static final List<Pattern> KNOWN = List.of(
      Pattern.compile("^WARNING: All log messages before absl::InitializeLog\\(\\) is called are written to STDERR$"),
      Pattern.compile("^I0000 [0-9:. ]+ +\\d+ mlir_graph_optimization_pass\\.cc:\\d+\\] MLIR V1 optimization pass is not enabled$"),
      Pattern.compile("^Development mode \\(no auth\\.jwks, loopback only\\)\\..*"),
      Pattern.compile("^export ZEROPRINT_TOKEN=.*"));

  @Test
  void startUpPrintsNoTensorFlowInfoLineAndNoEscapeSequence() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of("TF_CPP_MIN_LOG_LEVEL", "2", "ZEROPRINT_HTTP_PORT", "0",
        "ZEROPRINT_MODELS_DIR", TestModels.bundledOnly().toAbsolutePath().toString(),
        "ZEROPRINT_MODELS_UPSCALE_COMPILE", "startup"))) {
      server.awaitReady(TIMEOUT);
      List<String> lines = server.log().lines().toList();
      for (String line : lines) {
        assertFalse(line.contains("\u001b"), "an escape sequence: " + line);
        assertFalse(TF_LINE.matcher(line).find(), "a TensorFlow C++ line: " + line);
        assertTrue(ours(line) || KNOWN.stream().anyMatch(p -> p.matcher(line).matches()),
            "an unexpected line: " + line);
      }
      assertEquals(1, lines.stream().filter(l -> l.startsWith("export ZEROPRINT_TOKEN=")).count());
    }
  }

  /** One of our JSON log lines (the default format). */
  private static boolean ours(String line) {
    try {
      return line.startsWith("{") && new JsonObject(line).getString("logger", "").startsWith("io.zeroprint.");
    } catch (io.vertx.core.json.DecodeException notJson) {
      return false;
    }
  }
}
