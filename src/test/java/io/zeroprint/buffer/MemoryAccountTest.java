package io.zeroprint.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.zeroprint.config.BufferConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryAccountTest {
  private static final int SEGMENT = 4_096;

  private final SegmentPool pool = new SegmentPool(new BufferConfig(64L << 20, SEGMENT, 1L << 20));
  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void accountsTogetherCreditExactlyWhatThePoolZeroedForAMixOfBuffersAcrossThreads() throws Exception {
    long zeroedBefore = pool.stats().zeroedBytes();
    List<MemoryAccount> accounts = List.of(new MemoryAccount(), new MemoryAccount(), new MemoryAccount());
    List<AutoCloseable> held = new ArrayList<>();
    List<CompletableFuture<Void>> work = new ArrayList<>();
    for (int i = 0; i < accounts.size(); i++) {
      MemoryAccount account = accounts.get(i);
      int n = i + 1;
      work.add(CompletableFuture.runAsync(() -> {
        try (var scope = account.enter()) {
          List<AutoCloseable> mine = List.of(pool.leaseBytes(1_000 * n), pool.leaseFloats(333 * n), filled(3 * SEGMENT * n + 7));
          synchronized (held) {
            held.addAll(mine);
          }
        }
      }, threads));
    }
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    MemoryAccount upload = new MemoryAccount();
    held.add(filledFor(upload, 2 * SEGMENT));
    long accountedInUse = accounts.stream().mapToLong(MemoryAccount::inUseBytes).sum() + upload.inUseBytes();
    assertEquals(pool.stats().inUseBytes(), accountedInUse);

    // released on other threads than the ones that created them
    List<CompletableFuture<Void>> releases = held.stream()
        .map(c -> CompletableFuture.runAsync(() -> close(c), threads)).toList();
    CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    pool.whenDrained().get(10, TimeUnit.SECONDS);

    long credited = accounts.stream().mapToLong(MemoryAccount::zeroedBytes).sum() + upload.zeroedBytes();
    assertEquals(pool.stats().zeroedBytes() - zeroedBefore, credited);
    assertEquals(1_000 + 333 * 4 + 4 * SEGMENT, accounts.get(0).zeroedBytes());
    assertEquals(2 * SEGMENT, upload.zeroedBytes());
    accounts.forEach(a -> assertEquals(0, a.inUseBytes()));
  }

  @Test
  void memoryTakenOutsideAnyScopeBelongsToNoAccountAndStillMovesThePoolsGauges() {
    MemoryAccount account = new MemoryAccount();
    try (var scope = account.enter()) {
      // entered and left: nothing after it is attributed
    }
    long zeroedBefore = pool.stats().zeroedBytes();

    ByteLease lease = pool.leaseBytes(500);
    SegmentBuffer buffer = filled(10);
    assertEquals(500 + SEGMENT, pool.stats().inUseBytes());
    assertNull(buffer.account());
    lease.close();
    buffer.release();

    assertEquals(500 + SEGMENT, pool.stats().zeroedBytes() - zeroedBefore);
    assertEquals(0, pool.stats().inUseBytes());
    assertEquals(0, account.zeroedBytes());
  }

  @Test
  void theInnermostScopeGetsTheMemoryAndLeavingItRestoresTheOuterOne() {
    MemoryAccount outer = new MemoryAccount();
    MemoryAccount inner = new MemoryAccount();
    try (var o = outer.enter()) {
      pool.leaseBytes(100).close();
      try (var i = inner.enter()) {
        pool.leaseBytes(20).close();
      }
      pool.leaseBytes(3).close();
    }
    pool.leaseBytes(7).close();

    assertEquals(103, outer.zeroedBytes());
    assertEquals(20, inner.zeroedBytes());
    assertNull(MemoryAccount.current());
  }

  @Test
  void anExplicitAccountWinsOverTheThreadsScopeAndNullMeansNone() {
    MemoryAccount job = new MemoryAccount();
    MemoryAccount upload = new MemoryAccount();
    try (var scope = job.enter()) {
      SegmentBuffer forUpload = pool.open(SEGMENT, upload);
      SegmentBuffer unattributed = pool.open(SEGMENT, null);
      forUpload.write(0, new byte[1], 0, 1);
      unattributed.write(0, new byte[1], 0, 1);
      assertSame(upload, forUpload.account());
      forUpload.release();
      unattributed.release();
    }
    assertEquals(SEGMENT, upload.zeroedBytes());
    assertEquals(0, job.zeroedBytes());
  }

  @Test
  void memoryReleasedAfterItsScopeClosedStillCreditsTheAccountItWasTakenFor() throws Exception {
    MemoryAccount account = new MemoryAccount();
    FloatLease tile;
    SegmentBuffer result;
    try (var scope = account.enter()) {
      tile = pool.leaseFloats(256);
      result = pool.open(1L << 20);
    }
    // the buffer grows after the scope and on another thread: still the account it was opened for
    CompletableFuture.runAsync(() -> result.append(Unpooled.wrappedBuffer(new byte[SEGMENT + 1])), threads)
        .get(10, TimeUnit.SECONDS);
    assertEquals(256 * Float.BYTES + 2 * SEGMENT, account.inUseBytes());

    CompletableFuture.runAsync(() -> {
      tile.close();
      result.release();
    }, threads).get(10, TimeUnit.SECONDS);

    assertEquals(256 * Float.BYTES + 2 * SEGMENT, account.zeroedBytes());
    assertEquals(0, account.inUseBytes());
  }

  @Test
  void awaitingTheDrainCompletesWhenTheLastLeaseClosesAndNotBefore() throws Exception {
    MemoryAccount account = new MemoryAccount();
    ByteLease first;
    ByteLease last;
    try (var scope = account.enter()) {
      first = pool.leaseBytes(64);
      last = pool.leaseBytes(64);
    }
    CompletableFuture<Void> drained = account.whenDrained();
    assertFalse(drained.isDone());

    first.close();
    assertFalse(drained.isDone());
    CompletableFuture.runAsync(last::close, threads);

    drained.get(10, TimeUnit.SECONDS);
    assertEquals(128, account.zeroedBytes());
  }

  @Test
  void aScopeClosedOnAnotherThreadIsRefusedAndLeavesTheEnteringThreadAsItWas() throws Exception {
    MemoryAccount account = new MemoryAccount();
    try (var scope = account.enter()) {
      var closedElsewhere = CompletableFuture.runAsync(scope::close, threads);
      var e = assertThrows(Exception.class, () -> closedElsewhere.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
      assertSame(account, MemoryAccount.current());
    }
    assertNull(MemoryAccount.current());
  }

  @Test
  void anAccountWithNothingInUseIsDrainedAtOnce() {
    assertTrue(new MemoryAccount().whenDrained().isDone());
  }

  @Test
  void closingALeaseTwiceCreditsItOnce() {
    MemoryAccount account = new MemoryAccount();
    ByteLease lease;
    try (var scope = account.enter()) {
      lease = pool.leaseBytes(10);
    }
    lease.close();
    lease.close();
    assertEquals(10, account.zeroedBytes());
    assertEquals(0, account.inUseBytes());
  }

  @Test
  void aRefusedAllocationChargesNothingToTheAccount() {
    MemoryAccount account = new MemoryAccount();
    try (var scope = account.enter()) {
      assertThrows(RuntimeException.class, () -> pool.leaseBytes(Integer.MAX_VALUE));
    }
    assertEquals(0, account.inUseBytes());
    assertTrue(account.whenDrained().isDone());
  }

  private SegmentBuffer filled(int bytes) {
    SegmentBuffer b = pool.open(bytes);
    b.write(0, new byte[bytes], 0, bytes);
    return b;
  }

  private SegmentBuffer filledFor(MemoryAccount account, int bytes) {
    SegmentBuffer b = pool.open(bytes, account);
    b.write(0, new byte[bytes], 0, bytes);
    return b;
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
