package io.zeroprint.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The deadline follows the work: progress earns time, a stall does not, and the bound holds. */
class DeadlineTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private void advanceMillis(long ms) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  /** A job budgeted 10 s (floor 1 s, bound 600 s, margin 3). */
  private Deadline budgeted10s() {
    Deadline d = new Deadline(10_000, 1_000, 600_000, 3, now::get);
    d.begin();
    return d;
  }

  @Test
  void timeInTheQueueDoesNotCountAgainstTheBudget() {
    Deadline d = new Deadline(10_000, 1_000, 600_000, 3, now::get);
    advanceMillis(300_000); // queued behind a long job
    assertTrue(d.overdueNanos() < 0, "waiting");
    d.begin();
    advanceMillis(9_999);
    assertTrue(d.overdueNanos() < 0, "its whole budget once it runs");
    advanceMillis(2);
    assertTrue(d.overdueNanos() > 0);
  }

  @Test
  void aJobStillQueuedAfterTheBoundRunsOut() {
    Deadline d = new Deadline(10_000, 1_000, 600_000, 3, now::get);
    advanceMillis(600_001);
    assertTrue(d.overdueNanos() > 0);
  }

  @Test
  void aJobFourTimesSlowerThanItsBudgetFinishesWhileItsTilesKeepFinishing() {
    Deadline d = budgeted10s();
    int tiles = 100;
    d.progress(0, tiles);
    for (int done = 1; done <= tiles; done++) {
      advanceMillis(400); // 40 s of tiles against a 10 s budget
      assertTrue(d.overdueNanos() < 0, "alive at tile " + done);
      d.progress(done, tiles);
    }
    advanceMillis(900); // encoding after the last tile: the floor covers it
    assertTrue(d.overdueNanos() < 0, "alive while encoding");
  }

  @Test
  void aJobStuckInOneTileRunsOutOnceItsOwnPaceTimesTheMarginIsUsedUp() {
    Deadline d = budgeted10s();
    d.progress(0, 100);
    for (int done = 1; done <= 50; done++) {
      advanceMillis(400);
      d.progress(done, 100);
    }
    // its first tile took 400 ms: the whole job may take 400 ms × 101 × 3 = 121.2 s, no longer
    advanceMillis(100_000);
    assertTrue(d.overdueNanos() < 0, "20 s + 100 s: still within its own pace");
    advanceMillis(1_300);
    assertTrue(d.overdueNanos() > 0, "stuck: out of time");
  }

  @Test
  void withoutProgressTheBudgetIsAllAJobGets() {
    Deadline d = budgeted10s();
    advanceMillis(9_999);
    assertTrue(d.overdueNanos() < 0);
    advanceMillis(2);
    assertTrue(d.overdueNanos() > 0);
  }

  @Test
  void progressNeverCarriesAJobPastTheBound() {
    Deadline d = new Deadline(10_000, 1_000, 30_000, 3, now::get);
    d.begin();
    d.progress(0, 10);
    for (int done = 1; done <= 9; done++) {
      advanceMillis(3_000); // 27 s in, a tile takes 3 s: the pace would allow 18 s more
      d.progress(done, 10);
    }
    advanceMillis(3_001);
    assertTrue(d.overdueNanos() > 0, "30 s from the start is the end, however the job progresses");
  }

  @Test
  void aNewStageIsTimedFromItsOwnStart() {
    Deadline d = budgeted10s();
    d.progress(0, 4);
    advanceMillis(8_000); // a slow first stage of one tile
    d.progress(1, 1);
    d.progress(0, 100); // a second stage starts: its pace is its own
    advanceMillis(100);
    d.progress(1, 100);
    // pace 100 ms × 100 tiles × 3 = 30 s from now, not 8 s × 100 × 3
    advanceMillis(29_000);
    assertTrue(d.overdueNanos() < 0);
    advanceMillis(2_000);
    assertTrue(d.overdueNanos() > 0);
  }
}
