package io.zeroprint.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.contract.ContractDiff.Direction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Within {@code /v1} the contract only grows: compared with the committed baseline copy, nothing a
 * client may rely on is removed or narrowed. A deliberate break (a {@code /v2}, or a correction the
 * team agrees to) updates the baseline on purpose with {@code tools/contract-baseline.sh}.
 */
class ContractBaselineTest {
  static final Path CONTRACT = Path.of("src/main/resources/contract");
  static final Path BASELINE = Path.of("src/test/resources/contract-baseline");
  static final String UPDATE = "bash tools/contract-baseline.sh";

  @Test
  void theContractKeepsEverythingItsBaselineOffers() {
    Map<String, Object> baseline = ContractTrees.read(BASELINE);
    Map<String, Object> current = ContractTrees.read(CONTRACT);
    Map<String, Set<Direction>> directions = ContractTrees.directions(current);
    List<String> breaks = new ArrayList<>();
    baseline.forEach((file, old) -> {
      Object now = current.get(file);
      if (now == null) {
        breaks.add(file + ": removed");
      } else {
        ContractDiff.breakingChanges(old, now, directions.get(file)).forEach(b -> breaks.add(file + "#" + b));
      }
    });
    assertTrue(breaks.isEmpty(), () -> "The contract removes or narrows what its baseline offers (a breaking change "
        + "needs /v2):\n  " + String.join("\n  ", breaks) + "\nIf this is deliberate, update the baseline with `"
        + UPDATE + "` and commit it with the change.");
  }

  @Test
  void eachSharedSchemaIsPlacedByWhoSendsIt() {
    Map<String, Set<Direction>> directions = ContractTrees.directions(ContractTrees.read(CONTRACT));
    assertEquals(Set.of(Direction.RESPONSE), directions.get("schemas/job.json"));
    assertEquals(Set.of(Direction.RESPONSE), directions.get("schemas/problem.json"));
    assertTrue(directions.get("schemas/effect-options.json").contains(Direction.REQUEST));
  }

  @Test
  void theBaselineIsAContractOfTheSameShape() {
    Map<String, Object> baseline = ContractTrees.read(BASELINE);
    assertTrue(baseline.containsKey("openapi.yaml"), () -> "no openapi.yaml in " + BASELINE + ": run " + UPDATE);
    assertTrue(baseline.keySet().stream().anyMatch(f -> f.startsWith("schemas/")), "no schemas/ in the baseline");
  }
}
