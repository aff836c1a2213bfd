package io.zeroprint.pipeline;

import java.util.function.LongSupplier;

/**
 * When a job must be done by. It starts at the budget the intake gave the job (its estimate with a
 * margin, never below the floor) and follows the work: each finished tile moves it to at least
 * now + the larger of the floor and the stage's own pace × (tiles left + 1) × margin. A job that
 * runs slower than estimated (a loaded machine) lives on while its tiles keep finishing, what
 * follows the last tile (encoding) has at least the floor, and a job stuck in one tile runs out.
 * It never moves earlier, and never past the hard bound from the job's start. Thread-safe.
 */
public final class Deadline {
  private final LongSupplier clock;
  private final double margin;
  private final long floorNanos;
  private final long hardEnd;
  private volatile long end;
  private volatile long stageStart;

  /**
   * @param budgetMillis the time the job has unless its progress earns more
   * @param floorMillis  the least time a finished tile earns for the rest of the job
   * @param maxMillis    the most it can have, however it progresses
   * @param margin       how much slower than its own pace a tile may be before the job runs out
   * @param clock        nanoseconds, e.g. {@code System::nanoTime}
   */
  public Deadline(long budgetMillis, long floorMillis, long maxMillis, double margin, LongSupplier clock) {
    this.clock = clock;
    this.margin = margin;
    this.floorNanos = floorMillis * 1_000_000L;
    long now = clock.getAsLong();
    this.hardEnd = now + Math.max(budgetMillis, maxMillis) * 1_000_000L;
    this.end = now + budgetMillis * 1_000_000L;
    this.stageStart = now;
  }

  /** A deadline that does not follow progress. */
  public static Deadline fixed(long millis) {
    return new Deadline(millis, 0, millis, 1, System::nanoTime);
  }

  /** {@code done} of {@code total} tiles of the current stage are finished (0 when the stage starts). */
  public void progress(int done, int total) {
    long now = clock.getAsLong();
    if (done == 0) {
      stageStart = now;
      return;
    }
    double pace = (double) (now - stageStart) / done;
    long wanted = now + Math.max(floorNanos, (long) (pace * (total - done + 1) * margin));
    synchronized (this) {
      end = Math.min(hardEnd, Math.max(end, wanted));
    }
  }

  /** Nanoseconds past the deadline (negative before it). */
  public long overdueNanos() {
    return clock.getAsLong() - end;
  }
}
