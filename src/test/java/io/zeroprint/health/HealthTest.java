package io.zeroprint.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zeroprint.buffer.BufferStats;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The start-up side of the health states: what probes see before the models are loaded. */
class HealthTest {
  private final Vertx vertx = Vertx.vertx();
  private final Health health = new Health(vertx, () -> new BufferStats(0, 0, 0, 0, 1 << 20, 0), 65_536,
      Optional.empty());

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theModelsProcedureIsDownAndReadinessStartingUntilTheModelsAreLoaded() throws Exception {
    Health.Report before = ready();
    assertEquals(Health.State.STARTING, before.state());
    assertEquals("DOWN", check(before, Health.MODELS).getString("status"));
    assertEquals(Health.State.STARTING, health.startedState());

    health.modelsLoaded(3);
    health.started();

    Health.Report after = ready();
    assertEquals(Health.State.UP, after.state());
    assertEquals(new JsonObject().put("installed", 3), check(after, Health.MODELS).getJsonObject("data"));
    assertEquals(Health.State.UP, health.startedState());
  }

  @Test
  void aDrainIsDrainingWhateverTheProceduresSay() throws Exception {
    health.modelsLoaded(1);
    health.started();
    health.draining();
    Health.Report r = ready();
    assertEquals(Health.State.DRAINING, r.state());
    assertEquals("DOWN", check(r, Health.DRAIN).getString("status"));
    assertEquals(Health.State.UP, health.startedState(), "start-up stays over");
  }

  private Health.Report ready() throws Exception {
    return health.ready().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonObject check(Health.Report r, String id) {
    return r.checks().stream().map(JsonObject.class::cast).filter(c -> id.equals(c.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no procedure " + id));
  }
}
