package io.zeroprint.pipeline;

import java.util.function.LongSupplier;

/**
 * When a job must be done by. It starts at the budget the intake gave the job (its estimate with a
 * margin, never below the floor) and follows the work: each finished tile moves it to at least
 * now + the larger of the floor and the stage's own pace × (tiles left + 1) × margin. A job that
 * runs slower than estimated (a loaded machine) lives on while its tiles keep finishing, what
 * follows the last tile (encoding) has at least the floor, and a job stuck in one tile runs out.
 * It never moves earlier, and never past the hard bound from the job's start.
 *
 * <p>The clock starts when the job starts running ({@link #begin}), not when it joins the queue: a
 * job queued behind a long one would otherwise spend its budget waiting and fail near its end. A
 * job still waiting after the bound runs out all the same, so no answer waits more than twice it.
 * Thread-safe.
 */
public final class Deadline {
  private final LongSupplier clock;
  private final double margin;
  private final long floorNanos;
  private final long budgetNanos;
  private final long maxNanos;
  private volatile long hardEnd;
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
    this.budgetNanos = budgetMillis * 1_000_000L;
    this.maxNanos = Math.max(budgetMillis, maxMillis) * 1_000_000L;
    long now = clock.getAsLong();
    this.end = now + maxNanos; // while queued
    this.hardEnd = end;
    this.stageStart = now;
  }

  /** The job starts running: its budget, and its bound, count from now. */
  public synchronized void begin() {
    long now = clock.getAsLong();
    stageStart = now;
    end = now + budgetNanos;
    hardEnd = now + maxNanos;
  }

  /** A deadline that does not follow progress, running from now. */
  public static Deadline fixed(long millis) {
    Deadline d = new Deadline(millis, 0, millis, 1, System::nanoTime);
    d.begin();
    return d;
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
