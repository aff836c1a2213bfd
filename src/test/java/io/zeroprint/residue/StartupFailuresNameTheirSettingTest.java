package io.zeroprint.residue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.TestModels;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server that cannot start says in one line which setting to change, and exits 1 without a stack trace. */
class StartupFailuresNameTheirSettingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aPortInUseNamesHttpPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String line = failure(Map.of("ZEROPRINT_HTTP_PORT", String.valueOf(taken.getLocalPort()),
          "ZEROPRINT_MODELS_DIR", TestModels.bundledOnly().toAbsolutePath().toString()));
      assertTrue(line.contains("http.port") && line.contains("ZEROPRINT_HTTP_PORT"), line);
      assertTrue(line.contains(String.valueOf(taken.getLocalPort())), line);
    }
  }

  @Test
  void aMissingModelsFolderNamesModelsDir() throws Exception {
    String line = failure(Map.of("ZEROPRINT_HTTP_PORT", "0", "ZEROPRINT_MODELS_DIR", "/no/such/models"));
    assertTrue(line.contains("models.dir") && line.contains("ZEROPRINT_MODELS_DIR"), line);
    assertTrue(line.contains("/no/such/models"), line);
  }

  /** Starts the server, expects it to exit 1 by itself, and returns its one start-up failure line. */
  private static String failure(Map<String, String> env) throws Exception {
    try (ServerProcess server = ServerProcess.start(env)) {
      Integer status = server.awaitExit(TIMEOUT);
      assertNotNull(status, "the server exits by itself");
      assertEquals(1, status, server.log());
      String log = server.log();
      assertFalse(log.lines().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")), "no stack trace:\n" + log);
      List<String> lines = log.lines().filter(l -> l.contains("start-up failed")).toList();
      assertEquals(1, lines.size(), "one line says why:\n" + log);
      return lines.get(0);
    }
  }
}
