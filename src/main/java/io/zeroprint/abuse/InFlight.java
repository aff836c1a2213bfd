package io.zeroprint.abuse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests each subject has in progress: the concurrency cap counts them, {@code GET /v1/me/data}
 * lists them and {@code DELETE /v1/me} cancels them. Entries live only as long as their request.
 */
public final class InFlight {
  /** What is known about one request in progress; {@code cancel} stops it and releases what it holds. */
  public static final class Entry {
    private final String jobId;
    private final Instant started;
    private volatile String state;
    private volatile Runnable cancel;

    Entry(String jobId, Runnable cancel) {
      this.jobId = jobId;
      this.started = Instant.now();
      this.state = "receiving";
      this.cancel = cancel;
    }

    public String jobId() {
      return jobId;
    }

    public Instant started() {
      return started;
    }

    public String state() {
      return state;
    }

    /** Moves to a new state with a new way of cancelling (e.g. dispatched: cancel over the bus). */
    public void advance(String newState, Runnable newCancel) {
      state = newState;
      cancel = newCancel;
    }

    void cancel() {
      cancel.run();
    }
  }

  private final Map<String, Map<String, Entry>> bySubject = new ConcurrentHashMap<>();

  /** Registers a request unless the subject already has {@code max} in flight; null if refused. */
  public synchronized Entry open(String subject, String jobId, int max, Runnable cancel) {
    Map<String, Entry> mine = bySubject.computeIfAbsent(subject, k -> new ConcurrentHashMap<>());
    if (mine.size() >= max) {
      return null;
    }
    Entry e = new Entry(jobId, cancel);
    mine.put(jobId, e);
    return e;
  }

  public synchronized void close(String subject, String jobId) {
    Map<String, Entry> mine = bySubject.get(subject);
    if (mine != null) {
      mine.remove(jobId);
      if (mine.isEmpty()) {
        bySubject.remove(subject);
      }
    }
  }

  public List<Entry> of(String subject) {
    return new ArrayList<>(bySubject.getOrDefault(subject, Map.of()).values());
  }

  /** Cancels everything the subject has in flight; returns how many. */
  public int cancelAll(String subject) {
    List<Entry> mine = of(subject);
    mine.forEach(Entry::cancel);
    return mine.size();
  }
}
