package io.zeroprint.jobs;

import io.vertx.core.Vertx;

/**
 * Sends a job's progress at most once per interval, and only when something changed since the last
 * event; state changes go out at once. The first event after an upload starts goes out at once too.
 */
final class ProgressThrottle {
  /** Makes one throttle per job. */
  interface Factory {
    ProgressThrottle create(Runnable emit);
  }

  private final Vertx vertx;
  private final long intervalMillis;
  private final Runnable emit;
  private long lastEmit;
  private boolean pending;
  private boolean timerSet;

  ProgressThrottle(Vertx vertx, long intervalMillis, Runnable emit) {
    this.vertx = vertx;
    this.intervalMillis = intervalMillis;
    this.emit = emit;
  }

  /** Something changed: send now if the interval has passed, else once it has. */
  void changed() {
    long wait;
    synchronized (this) {
      long now = System.currentTimeMillis();
      wait = lastEmit + intervalMillis - now;
      if (wait > 0) {
        pending = true;
        if (timerSet) {
          return;
        }
        timerSet = true;
      } else {
        lastEmit = now;
        pending = false;
      }
    }
    if (wait > 0) {
      vertx.setTimer(wait, id -> flush());
    } else {
      emit.run();
    }
  }

  /** A state change: send at once. */
  void now() {
    synchronized (this) {
      lastEmit = System.currentTimeMillis();
      pending = false;
    }
    emit.run();
  }

  private void flush() {
    synchronized (this) {
      timerSet = false;
      if (!pending) {
        return;
      }
      pending = false;
      lastEmit = System.currentTimeMillis();
    }
    emit.run();
  }
}
