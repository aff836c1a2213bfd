package io.zeroprint.residue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The management listener needs no token, so a configuration that puts it on the public port never
 * starts; a management port that is taken is named like any other.
 */
class ManagementPortCollisionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aManagementPortInUseNamesManagementPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerProcess server = ServerProcess.start(Map.of("ZEROPRINT_HTTP_PORT", "0",
            "ZEROPRINT_MANAGEMENT_PORT", String.valueOf(taken.getLocalPort())))) {
      Integer status = server.awaitExit(TIMEOUT);
      assertNotNull(status, "the server exits by itself");
      assertEquals(1, status, server.log());
      List<String> lines = server.log().lines().filter(l -> l.contains("start-up failed")).toList();
      assertEquals(1, lines.size(), server.log());
      assertTrue(lines.get(0).contains("management.port") && lines.get(0).contains("ZEROPRINT_MANAGEMENT_PORT")
          && lines.get(0).contains(String.valueOf(taken.getLocalPort())), lines.get(0));
    }
  }

  @Test
  void aManagementPortEqualToThePublicPortStopsStartUpWithOneLineNamingBoth() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of("ZEROPRINT_HTTP_PORT", "18080",
        "ZEROPRINT_MANAGEMENT_PORT", "18080"))) {
      Integer status = server.awaitExit(TIMEOUT);
      assertNotNull(status, "the server exits by itself");
      assertEquals(2, status, server.log());
      List<String> lines = server.log().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.stream().filter(l -> l.contains("management.port")).count(), server.log());
      String line = lines.stream().filter(l -> l.contains("management.port")).findFirst().orElseThrow();
      assertTrue(line.contains("ZEROPRINT_MANAGEMENT_PORT") && line.contains("http.port")
          && line.contains("ZEROPRINT_HTTP_PORT"), line);
    }
  }
}
