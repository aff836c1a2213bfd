package io.zeroprint.jobs;

import java.util.Locale;

/** Where a job is: {@code receiving → queued → running → encoding → done | failed | cancelled | expired}. */
public enum JobState {
  RECEIVING, QUEUED, RUNNING, ENCODING, DONE, FAILED, CANCELLED, EXPIRED;

  /** No further processing will happen (a done job may still hold its result until fetched or expired). */
  public boolean terminal() {
    return ordinal() >= DONE.ordinal();
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
