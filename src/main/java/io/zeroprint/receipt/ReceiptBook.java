package io.zeroprint.receipt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Issued receipts, kept for their owners as long as a finished job's tombstone lasts, then dropped.
 * Bounded: when full, the oldest receipt goes first. A receipt holds counts and an id, no image data.
 */
public final class ReceiptBook {
  private record Entry(String subject, String jws, Instant until) {}

  private final int capacity;
  private final Duration keep;
  private final Clock clock;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  public ReceiptBook(int capacity, Duration keep, Clock clock) {
    this.capacity = capacity;
    this.keep = keep;
    this.clock = clock;
  }

  public synchronized void put(String id, String subject, String jws) {
    Instant now = clock.instant();
    sweep(now);
    if (entries.size() >= capacity) {
      Iterator<String> oldest = entries.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    entries.put(id, new Entry(subject, jws, now.plus(keep)));
  }

  /** The receipt of {@code id} if it is {@code subject}'s; someone else's is as absent as none. */
  public synchronized Optional<String> get(String id, String subject) {
    sweep(clock.instant());
    Entry e = entries.get(id);
    return e != null && e.subject().equals(subject) ? Optional.of(e.jws()) : Optional.empty();
  }

  private void sweep(Instant now) {
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext() && !it.next().until().isAfter(now)) {
      it.remove(); // insertion order is expiry order: stop at the first live one
    }
  }
}
