package io.zeroprint.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.zeroprint.config.BufferConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Cutting a buffer back (a resumable upload dropping a chunk it did not acknowledge). */
class SegmentBufferTruncateTest {
  private static final int SEGMENT = 4096;
  private final SegmentPool pool = new SegmentPool(new BufferConfig(1L << 20, SEGMENT, 0));

  @Test
  void truncatingGivesBackWholeSegmentsZeroesTheTailAndKeepsWhatCameBefore() {
    MemoryAccount account = new MemoryAccount();
    SegmentBuffer b = pool.open(40_000, account);
    byte[] kept = bytes(6000, 1);
    b.append(Unpooled.wrappedBuffer(kept));
    b.append(Unpooled.wrappedBuffer(bytes(5000, 7)));
    assertEquals(3L * SEGMENT, account.inUseBytes());

    b.truncate(6000);

    assertEquals(6000, b.length());
    assertEquals(2L * SEGMENT, account.inUseBytes(), "the third segment went back");
    assertEquals(SEGMENT, account.zeroedBytes(), "and was zeroed");
    byte[] read = new byte[6000];
    assertEquals(6000, b.read(0, read, 0, 6000));
    assertArrayEquals(kept, read);
    assertEquals(-1, b.readByte(6000));

    byte[] next = bytes(700, 3); // appending goes on right after the cut, over the zeroed tail
    b.append(Unpooled.wrappedBuffer(next));
    byte[] tail = new byte[700];
    b.read(6000, tail, 0, 700);
    assertArrayEquals(next, tail);
    b.release();
    assertEquals(0, account.inUseBytes());
  }

  @Test
  void truncatingAtASegmentBoundaryOrToNothingWorksAndPastTheEndIsRefused() {
    SegmentBuffer b = pool.open(40_000);
    b.append(Unpooled.wrappedBuffer(bytes(2 * SEGMENT + 10, 5)));
    b.truncate(SEGMENT);
    assertEquals(SEGMENT, b.length());
    b.append(Unpooled.wrappedBuffer(bytes(10, 9)));
    assertEquals(9, b.readByte(SEGMENT));
    assertThrows(IllegalArgumentException.class, () -> b.truncate(SEGMENT + 11));
    b.truncate(0);
    assertEquals(0, b.length());
    b.release();
    assertEquals(0, pool.stats().inUseBytes());
  }

  private static byte[] bytes(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
