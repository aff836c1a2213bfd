package io.zeroprint.jobs;

import io.vertx.core.json.JsonObject;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One piece of work: its state, progress and (when done) its result, plus the subscribers that get
 * its events. Every request is a job; an addressable one can be looked up by id by its owner, an
 * inline one (a synchronous request) is delivered on the request that made it. Every event is the
 * same JSON shape (see README "Progress events"); links are added where it is sent. Thread-safe.
 */
public final class Job {
  private final String id;
  private final String subject;
  private final boolean addressable;
  private final CompletableFuture<Job> settled = new CompletableFuture<>();
  private final CompletableFuture<Job> released = new CompletableFuture<>();
  private final CompletableFuture<String> receipt = new CompletableFuture<>();
  private volatile String effect = "";
  private volatile boolean delivered;
  private final Instant created = Instant.now();
  private final List<Consumer<JsonObject>> subscribers = new CopyOnWriteArrayList<>();
  private final ProgressThrottle throttle;
  private final Object emitLock = new Object();
  private JobState state = JobState.RECEIVING;
  private long seq;
  private long received;
  private long total = -1;
  private int queuePosition;
  private int tilesDone;
  private int tilesTotal;
  private Instant expiresAt;
  private ProblemException failure;
  private SegmentBuffer result;
  private String mediaType;
  private long resultBytes;
  private int width;
  private int height;
  private Instant retainedUntil;
  private Runnable canceller = () -> {};

  Job(String id, String subject, boolean addressable, ProgressThrottle.Factory throttles) {
    this.id = id;
    this.subject = subject;
    this.addressable = addressable;
    this.throttle = throttles.create(this::emitNow);
  }

  public String id() {
    return id;
  }

  public String subject() {
    return subject;
  }

  /** Whether its owner can look it up by id (an asynchronous job), or it lives only on its request. */
  public boolean addressable() {
    return addressable;
  }

  /**
   * Completes once, when the job is done (its result held or retained) or has ended without one;
   * listeners run on the thread that settled it.
   */
  public CompletableFuture<Job> settled() {
    return settled;
  }

  /** The code the job ended with, or null (in progress, or done). */
  /**
   * Completes once the job holds no image memory any more: it was forgotten (delivered, failed,
   * cancelled, expired), or it is done with its result sealed into the result store.
   */
  public CompletableFuture<Job> released() {
    return released;
  }

  /** The job's privacy receipt (a compact JWS), once issued. */
  public CompletableFuture<String> receipt() {
    return receipt;
  }

  /** The effect the job runs (known once its options are). */
  public String effect() {
    return effect;
  }

  public void effect(String name) {
    effect = name;
  }

  /** Whether its result reached the client. */
  public boolean delivered() {
    return delivered;
  }

  /** Image bytes received so far. */
  public synchronized long received() {
    return received;
  }

  public synchronized ErrorCode error() {
    return failure == null ? null : failure.code();
  }

  /** Why the job ended, with the public detail, if it ended without a result. */
  public synchronized java.util.Optional<ProblemException> failure() {
    return java.util.Optional.ofNullable(failure);
  }

  public synchronized JobState state() {
    return state;
  }

  public Instant created() {
    return created;
  }

  public synchronized Instant expiresAt() {
    return expiresAt;
  }

  /** How to stop this job in its current state (reset the upload, or cancel over the bus). */
  public synchronized void canceller(Runnable r) {
    canceller = r;
  }

  synchronized Runnable canceller() {
    return canceller;
  }

  public void uploaded(long bytes, long declaredTotal) {
    synchronized (this) {
      received = bytes;
      total = declaredTotal;
    }
    throttle.changed();
  }

  public void queued(int position) {
    boolean stateChanged;
    synchronized (this) {
      stateChanged = state == JobState.RECEIVING;
      if (state.terminal() || state.ordinal() > JobState.QUEUED.ordinal()) {
        return;
      }
      state = JobState.QUEUED;
      queuePosition = position;
    }
    changed(stateChanged);
  }

  public void stage(String stage, int done, int totalTiles) {
    JobState next = "encode".equals(stage) ? JobState.ENCODING : JobState.RUNNING;
    boolean stateChanged;
    synchronized (this) {
      if (state.terminal()) {
        return;
      }
      stateChanged = state != next;
      state = next;
      queuePosition = 0;
      if (totalTiles > 0) {
        tilesDone = done;
        tilesTotal = totalTiles;
      }
    }
    changed(stateChanged);
  }

  /**
   * The result arrived: held (plaintext, one-time) until fetched or {@code expiresAt}; or, for a
   * retained job, {@code image} is null and the sealed copy lives in the result store.
   */
  public void done(SegmentBuffer image, long bytes, String type, int w, int h, Instant expires, Instant retained) {
    synchronized (this) {
      if (state.terminal()) {
        if (image != null) {
          image.release();
        }
        return;
      }
      state = JobState.DONE;
      result = image;
      resultBytes = bytes;
      mediaType = type;
      width = w;
      height = h;
      expiresAt = expires;
      retainedUntil = retained;
    }
    changed(true);
    settled.complete(this);
    if (image == null) {
      released.complete(this); // retained: the plaintext is already zeroed, the ciphertext lives in the store
    }
  }

  /** The registry forgot the job; {@code wasDelivered}: its result reached the client. */
  void forgotten(boolean wasDelivered) {
    delivered |= wasDelivered;
    released.complete(this);
  }

  /** Ends the job with {@code why} (null: no reason to tell); false if it had already ended. Zeroes any result. */
  boolean end(JobState end, ProblemException why) {
    SegmentBuffer r;
    synchronized (this) {
      if (state.terminal() && state != JobState.DONE) {
        return false;
      }
      state = end;
      failure = why;
      r = result;
      result = null;
    }
    if (r != null) {
      r.release();
    }
    changed(true);
    settled.complete(this);
    return true;
  }

  /** Takes the one-time result (the caller releases it after sending); null if there is none. */
  public synchronized SegmentBuffer takeResult() {
    SegmentBuffer r = result;
    result = null;
    return r;
  }

  /** A delivery that failed midway gives the result back, so the client can fetch it again. */
  public void restoreResult(SegmentBuffer image) {
    synchronized (this) {
      if (state == JobState.DONE && result == null) {
        result = image;
        return;
      }
    }
    image.release();
  }

  public synchronized String mediaType() {
    return mediaType;
  }

  public synchronized int width() {
    return width;
  }

  public synchronized int height() {
    return height;
  }

  public synchronized Instant retainedUntil() {
    return retainedUntil;
  }

  /** Adds a subscriber and sends it the current snapshot at once (in order with other events). */
  public void subscribe(Consumer<JsonObject> subscriber) {
    synchronized (emitLock) {
      subscribers.add(subscriber);
      subscriber.accept(snapshot());
    }
  }

  public void unsubscribe(Consumer<JsonObject> subscriber) {
    subscribers.remove(subscriber);
  }

  /** The job as JSON, in the event schema (without links: the transport that sends it adds them). */
  public synchronized JsonObject snapshot() {
    JsonObject progress = new JsonObject()
        .put("upload", new JsonObject().put("received", received).put("total", total < 0 ? null : total));
    if (queuePosition > 0) {
      progress.put("queue", new JsonObject().put("position", queuePosition));
    }
    if (tilesTotal > 0) {
      progress.put("tiles", new JsonObject().put("done", tilesDone).put("total", tilesTotal));
    }
    JsonObject o = new JsonObject().put("type", "job").put("job", id).put("seq", seq).put("state", state.id())
        .put("created", created.toString()).put("progress", progress);
    if (expiresAt != null) {
      o.put("expires_at", expiresAt.toString());
    }
    if (state == JobState.DONE) {
      o.put("result", new JsonObject().put("contentType", mediaType)
          .put("bytes", resultBytes).put("width", width).put("height", height)
          .put("retained_until", retainedUntil == null ? null : retainedUntil.toString()));
    }
    if (failure != null) {
      JsonObject error = new JsonObject().put("code", failure.code().code());
      failure.members().forEach(error::put); // e.g. too_much_work's estimate and bound
      o.put("error", error);
    }
    return o;
  }

  private void changed(boolean stateChanged) {
    if (stateChanged) {
      throttle.now();
    } else {
      throttle.changed();
    }
  }

  /**
   * Events come from several threads (worker progress, the bus reply, timers); taking the snapshot
   * and handing it to subscribers under one lock keeps every subscriber's stream in {@code seq} order.
   */
  private void emitNow() {
    synchronized (emitLock) {
      JsonObject event;
      synchronized (this) {
        seq++;
        event = snapshot();
      }
      subscribers.forEach(s -> s.accept(event));
    }
  }
}
