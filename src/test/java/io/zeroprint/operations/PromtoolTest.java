package io.zeroprint.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus's own checker on what ops/ ships: the alert rules load, their unit tests pass (each
 * alert fires on the series that should raise it and not before its "for"), and every dashboard
 * query is valid PromQL. Skipped where promtool is not installed ({@code apt-get install prometheus}).
 */
class PromtoolTest {
  private static final Path RULES = Path.of("ops/prometheus/zeroprint-alerts.yaml");
  private static final Path RULE_TESTS = Path.of("ops/prometheus/zeroprint-alerts.test.yaml");
  private static final Path DASHBOARD = Path.of("ops/grafana/zeroprint.json");
  private static final long TIMEOUT_SECONDS = 60;

  @BeforeAll
  static void promtoolIsInstalled() {
    assumeTrue(List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "promtool"))), "promtool is not installed (apt-get install prometheus)");
  }

  @Test
  void theAlertRulesLoad() throws Exception {
    promtool("check", "rules", RULES.toString());
  }

  @Test
  void everyAlertFiresOnItsSeriesAndNotBeforeItsFor() throws Exception {
    promtool("test", "rules", RULE_TESTS.toString());
  }

  @Test
  void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws Exception {
    List<String> rules = new ArrayList<>(List.of("groups:", "  - name: dashboard", "    rules:"));
    int i = 0;
    for (Object p : new JsonObject(Files.readString(DASHBOARD)).getJsonArray("panels")) {
      JsonArray targets = ((JsonObject) p).getJsonArray("targets", new JsonArray());
      for (Object t : targets) {
        // Grafana's interval variable is not PromQL; any duration stands in for it.
        String expr = ((JsonObject) t).getString("expr").replace("$__rate_interval", "5m");
        rules.add("      - record: dashboard:query" + ++i);
        rules.add("        expr: " + new JsonArray().add(expr).encode().replaceAll("^\\[|\\]$", ""));
      }
    }
    assertTrue(i > 0, "the dashboard has queries");
    Path file = dir.resolve("dashboard-queries.yaml");
    Files.write(file, rules);
    promtool("check", "rules", file.toString());
  }

  private static void promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "promtool did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ":\n" + out);
  }
}
