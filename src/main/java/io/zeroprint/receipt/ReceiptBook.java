package io.zeroprint.receipt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Receipts, from the moment a request is admitted (pending) until a while after they were issued (as
 * long as a finished job's tombstone lasts), for their owners only. Bounded: when full, the oldest
 * goes first. A receipt holds counts and an id, no image data.
 */
public final class ReceiptBook {
  private record Entry(String subject, String jws, Instant until) {}

  /** What is known of a receipt: pending ({@code jws} empty) or issued. */
  public record Found(Optional<String> jws) {}

  private final int capacity;
  private final Duration keep;
  private final Clock clock;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  public ReceiptBook(int capacity, Duration keep, Clock clock) {
    this.capacity = capacity;
    this.keep = keep;
    this.clock = clock;
  }

  /** A receipt will be issued for {@code id}: asking for it before then is "not yet", not "never". */
  public void expect(String id, String subject) {
    put(id, subject, null);
  }

  /** The receipt was issued; or (null) it will not be, and the entry goes. */
  public synchronized void issued(String id, String subject, String jws) {
    if (jws == null) {
      entries.remove(id);
    } else {
      put(id, subject, jws);
    }
  }

  private synchronized void put(String id, String subject, String jws) {
    Instant now = clock.instant();
    sweep(now);
    if (entries.size() >= capacity) {
      Iterator<String> oldest = entries.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    entries.remove(id); // re-inserted at the end: insertion order stays expiry order
    entries.put(id, new Entry(subject, jws, now.plus(keep)));
  }

  /** The receipt of {@code id} if it is {@code subject}'s; someone else's is as absent as none. */
  public synchronized Optional<Found> find(String id, String subject) {
    sweep(clock.instant());
    Entry e = entries.get(id);
    return e != null && e.subject().equals(subject) ? Optional.of(new Found(Optional.ofNullable(e.jws())))
        : Optional.empty();
  }

  private void sweep(Instant now) {
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext() && !it.next().until().isAfter(now)) {
      it.remove(); // insertion order is expiry order: stop at the first live one
    }
  }
}
