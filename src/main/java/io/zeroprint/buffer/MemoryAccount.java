package io.zeroprint.buffer;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The image memory of one request or job, as the {@link SegmentPool} saw it: the bytes it holds now
 * and the bytes the pool zeroed for it. A privacy receipt states the latter, so it is counted by the
 * pool at the moment of zeroing, never estimated.
 *
 * <p>Memory is attributed in two ways. Explicitly: {@link BufferStore#open(long, MemoryAccount)}
 * (the upload buffer, opened on an event loop). Implicitly: while a {@link Scope} from
 * {@link #enter()} is open on a thread, every segment buffer and lease that thread creates through
 * the store belongs to this account, so code deep inside effects needs no extra parameter. A buffer
 * or lease captures its account when it is created and credits it when it is released, on whatever
 * thread that happens and however long after the scope closed. Memory created with no account only
 * moves the pool's global counters, as before.
 *
 * <p>Thread-safe; the cost per allocation and release is one reference and one atomic add.
 */
public final class MemoryAccount {
  private static final ThreadLocal<MemoryAccount> CURRENT = new ThreadLocal<>();

  private final AtomicLong inUse = new AtomicLong();
  private final AtomicLong zeroed = new AtomicLong();
  private final Queue<CompletableFuture<Void>> drainWaiters = new ConcurrentLinkedQueue<>();

  /** Image memory created for this account and not yet released. */
  public long inUseBytes() {
    return inUse.get();
  }

  /** Bytes the pool overwrote with zeros on releasing this account's memory. */
  public long zeroedBytes() {
    return zeroed.get();
  }

  /**
   * Completes once none of this account's memory is in use (at once if none is). Completion
   * happens on the thread of the last release; {@link #zeroedBytes()} already includes it.
   */
  public CompletableFuture<Void> whenDrained() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    drainWaiters.add(f);
    // Checked after queueing, and a release checks after decrementing: one of the two sees the 0.
    if (inUse.get() == 0) {
      completeWaiters();
    }
    return f;
  }

  /**
   * Makes this the current account of the calling thread until the scope is closed, which restores
   * whatever was current before (scopes nest; the innermost account gets the memory). Close it on
   * the same thread, with try-with-resources.
   */
  public Scope enter() {
    Scope s = new Scope(CURRENT.get());
    CURRENT.set(this);
    return s;
  }

  /** The account of the innermost open scope on this thread, or null. */
  static MemoryAccount current() {
    return CURRENT.get();
  }

  void taken(long bytes) {
    inUse.addAndGet(bytes);
  }

  /** Called by the pool after zeroing, zeroed first so a drained account already counts them. */
  void zeroedAndReleased(long bytes) {
    zeroed.addAndGet(bytes);
    if (inUse.addAndGet(-bytes) == 0 && !drainWaiters.isEmpty()) {
      completeWaiters();
    }
  }

  private void completeWaiters() {
    CompletableFuture<Void> f;
    while ((f = drainWaiters.poll()) != null) {
      f.complete(null);
    }
  }

  @Override
  public String toString() {
    return "MemoryAccount[inUse=" + inUse.get() + ", zeroed=" + zeroed.get() + "]";
  }

  /** An open {@link #enter()}; closing it twice is harmless, closing it on another thread is a bug. */
  public static final class Scope implements AutoCloseable {
    private final MemoryAccount previous;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private Scope(MemoryAccount previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != owner) {
        // restoring here would leave the account current on the pooled thread that entered it
        throw new IllegalStateException("a memory account scope must be closed on the thread that entered it");
      }
      closed = true;
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
