package io.zeroprint.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.zeroprint.buffer.BufferStats;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What the probes ask: live (the event loop answers), started (models loaded and the public listener
 * up) and ready (started, not draining, and every named procedure UP). The procedures are
 * {@code models}, {@code buffers}, {@code redis} (only when results are kept in Redis) and
 * {@code drain}; their details carry counts only, never an address or a name.
 */
public final class Health {
  public static final String MODELS = "models";
  public static final String BUFFERS = "buffers";
  public static final String REDIS = "redis";
  public static final String DRAIN = "drain";
  /** A procedure that has not answered by then is DOWN (a Redis that does not answer, say). */
  private static final long PROCEDURE_TIMEOUT_MILLIS = 1_000;

  /** The one word every health answer carries. */
  public enum State { UP, DOWN, STARTING, DRAINING }

  /** A state and, for the management port, the procedures that decided it. */
  public record Report(State state, JsonArray checks) {
    public boolean up() {
      return state == State.UP;
    }
  }

  private final HealthChecks checks;
  private final AtomicInteger modelsLoaded = new AtomicInteger(-1);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();

  /**
   * @param buffers  the pool's accounting
   * @param headroom the buffers procedure is DOWN when less than this is left of the budget
   * @param redis    a round trip to Redis, when results are kept there
   */
  public Health(Vertx vertx, Supplier<BufferStats> buffers, long headroom, Optional<Supplier<Future<?>>> redis) {
    checks = HealthChecks.create(vertx);
    checks.register(MODELS, PROCEDURE_TIMEOUT_MILLIS, p -> {
      int loaded = modelsLoaded.get();
      p.complete(status(loaded >= 0, new JsonObject().put("installed", Math.max(0, loaded))));
    });
    checks.register(BUFFERS, PROCEDURE_TIMEOUT_MILLIS, p -> {
      BufferStats s = buffers.get();
      p.complete(status(s.budgetBytes() - s.inUseBytes() >= headroom,
          new JsonObject().put("inUseBytes", s.inUseBytes()).put("budgetBytes", s.budgetBytes())));
    });
    redis.ifPresent(ping -> checks.register(REDIS, PROCEDURE_TIMEOUT_MILLIS, p -> ping.get()
        .onSuccess(v -> p.tryComplete(Status.OK()))
        .onFailure(err -> p.tryComplete(Status.KO(new JsonObject().put("error", err.getClass().getSimpleName()))))));
    checks.register(DRAIN, PROCEDURE_TIMEOUT_MILLIS, p -> p.complete(status(!draining.get(), null)));
  }

  /** The worker has loaded (and warmed) this many models. */
  public void modelsLoaded(int count) {
    modelsLoaded.set(count);
  }

  /** Models loaded and the public listener up: start-up is over. */
  public void started() {
    started.set(true);
  }

  /** A drain began: readiness goes DOWN for good. */
  public void draining() {
    draining.set(true);
  }

  public boolean isDraining() {
    return draining.get();
  }

  public State startedState() {
    return started.get() ? State.UP : State.STARTING;
  }

  /** Runs every procedure; UP only when start-up is over, no drain began and all are UP. */
  public Future<Report> ready() {
    return checks.checkStatus().map(result -> {
      JsonArray list = new JsonArray();
      for (CheckResult c : result.getChecks()) {
        JsonObject one = new JsonObject().put("id", c.getId()).put("status", CheckResult.isUp(c) ? "UP" : "DOWN");
        if (c.getData() != null && !c.getData().isEmpty()) {
          one.put("data", c.getData());
        }
        list.add(one);
      }
      State state = draining.get() ? State.DRAINING
          : !started.get() ? State.STARTING
          : CheckResult.isUp(result) ? State.UP : State.DOWN;
      return new Report(state, list);
    });
  }

  private static Status status(boolean ok, JsonObject data) {
    Status s = ok ? Status.OK() : Status.KO();
    return data == null ? s : s.setData(data);
  }
}
