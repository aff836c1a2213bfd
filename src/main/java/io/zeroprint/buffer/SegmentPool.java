package io.zeroprint.buffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.zeroprint.config.BufferConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongPredicate;

/**
 * The {@link BufferStore}: a fixed budget of image memory. Off-heap segments are zeroed when given
 * back and either kept (up to {@code maxIdleBytes}) or freed at once; Netty's unpooled allocator
 * frees direct memory immediately on release instead of waiting for the GC. Besides its global
 * gauges it credits each buffer's {@link MemoryAccount}, if it has one, with the bytes it zeroes.
 */
public final class SegmentPool implements BufferStore {
  private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(true, true);

  private final BufferConfig config;
  private final AtomicLong inUse = new AtomicLong();
  private final AtomicLong highWater = new AtomicLong();
  private final AtomicLong idleBytes = new AtomicLong();
  private final LongAdder zeroed = new LongAdder();
  private final LongAdder refusals = new LongAdder();
  private final ConcurrentLinkedDeque<ByteBuf> idle = new ConcurrentLinkedDeque<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

  public SegmentPool(BufferConfig config) {
    this.config = config;
  }

  @Override
  public SegmentBuffer open(long maxBytes) {
    return open(maxBytes, MemoryAccount.current());
  }

  @Override
  public SegmentBuffer open(long maxBytes, MemoryAccount account) {
    return new SegmentBuffer(this, config.segmentBytes(), maxBytes, account);
  }

  @Override
  public ByteLease leaseBytes(int length) {
    reserve(length);
    MemoryAccount account = MemoryAccount.current();
    ByteLease lease = new ByteLease(this, length, account);
    if (account != null) {
      account.taken(length);
    }
    return lease;
  }

  @Override
  public FloatLease leaseFloats(int length) {
    long bytes = (long) length * Float.BYTES;
    reserve(bytes);
    MemoryAccount account = MemoryAccount.current();
    FloatLease lease = new FloatLease(this, length, account);
    if (account != null) {
      account.taken(bytes);
    }
    return lease;
  }

  @Override
  public BufferStats stats() {
    return new BufferStats(inUse.get(), highWater.get(), zeroed.sum(), idleBytes.get(), config.budgetBytes(),
        refusals.sum());
  }

  /** A zero-filled segment, charged to {@code account} (may be null); {@code MEMORY_BUSY} past the budget. */
  ByteBuf takeSegment(MemoryAccount account) {
    ByteBuf seg = newSegment();
    if (account != null) {
      account.taken(seg.capacity());
    }
    return seg;
  }

  private ByteBuf newSegment() {
    reserve(config.segmentBytes());
    ByteBuf seg = idle.pollFirst();
    if (seg != null) {
      idleBytes.addAndGet(-seg.capacity());
      return seg.clear();
    }
    try {
      return ALLOCATOR.directBuffer(config.segmentBytes(), config.segmentBytes());
    } catch (OutOfMemoryError e) {
      returned(config.segmentBytes());
      refusals.increment();
      throw new ProblemException(ErrorCode.MEMORY_BUSY, "direct memory exhausted");
    }
  }

  /**
   * Zeroes the whole segment, then keeps it for reuse or frees it. The account is credited before
   * the global gauge drops, so once the pool is drained every account already shows its bytes.
   */
  void giveBack(ByteBuf seg, MemoryAccount account) {
    seg.setZero(0, seg.capacity());
    zeroed.add(seg.capacity());
    if (account != null) {
      account.zeroedAndReleased(seg.capacity());
    }
    returned(seg.capacity());
    if (idleBytes.addAndGet(seg.capacity()) <= config.maxIdleBytes()) {
      idle.addFirst(seg);
    } else {
      idleBytes.addAndGet(-seg.capacity());
      seg.release();
    }
  }

  private void returned(long bytes) {
    inUse.addAndGet(-bytes);
    notifyWaiters();
  }

  /** Frees the idle segments (zeroed when they were given back): the pool holds nothing after shutdown. */
  public void freeIdle() {
    for (ByteBuf seg = idle.pollFirst(); seg != null; seg = idle.pollFirst()) {
      idleBytes.addAndGet(-seg.capacity());
      seg.release();
    }
  }

  /** Completes once no image memory is in use (at once if none is). */
  public CompletableFuture<Void> whenDrained() {
    return whenInUse(bytes -> bytes == 0);
  }

  /**
   * Completes when the bytes in use satisfy {@code condition} (checked now and on every change), so
   * tests and shutdown await the release of memory as an event instead of polling or sleeping.
   */
  public CompletableFuture<Void> whenInUse(LongPredicate condition) {
    Waiter w = new Waiter(condition, new CompletableFuture<>());
    waiters.add(w);
    notifyWaiters();
    return w.future();
  }

  private void notifyWaiters() {
    if (waiters.isEmpty()) {
      return;
    }
    long now = inUse.get();
    for (Waiter w : waiters) {
      if (w.condition().test(now) && waiters.remove(w)) {
        w.future().complete(null);
      }
    }
  }

  private record Waiter(LongPredicate condition, CompletableFuture<Void> future) {}

  /** Heap leases report here after zeroing themselves; the account (may be null) before the gauge. */
  void releasedHeap(long bytes, MemoryAccount account) {
    zeroed.add(bytes);
    if (account != null) {
      account.zeroedAndReleased(bytes);
    }
    returned(bytes);
  }

  private void reserve(long bytes) {
    while (true) {
      long current = inUse.get();
      long next = current + bytes;
      if (next > config.budgetBytes()) {
        refusals.increment();
        throw new ProblemException(ErrorCode.MEMORY_BUSY);
      }
      if (inUse.compareAndSet(current, next)) {
        highWater.accumulateAndGet(next, Math::max);
        notifyWaiters();
        return;
      }
    }
  }
}
