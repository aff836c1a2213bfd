package io.zeroprint.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.util.Version;
import io.netty.util.internal.CleanableDirectBuffer;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.impl.buffer.VertxByteBufAllocator;
import io.vertx.core.net.impl.VertxHandler;
import io.zeroprint.http.ZeroingTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The socket allocator relies on Vert.x and Netty internals read from these exact versions: Vert.x's
 * transport SPI running after it sets its pooled allocator, {@code VertxHandler.safeBuffer} copying
 * and releasing only buffers of Netty's pooled allocators, and Netty's unpooled buffers taking every
 * memory block after the first from the one overridable allocation method. An upgrade fails here
 * first, so those three are read again.
 */
class ZeroOnFreeAllocatorTest {
  private static final String NETTY = "4.2.12.Final";
  private static final String VERTX = "5.0.10";
  private static final byte[] PHOTO = "photo bytes that must not outlive their request".getBytes(StandardCharsets.US_ASCII);

  @Test
  void theVertxAndNettyVersionsAreTheOnesTheAllocatorWasWrittenFor() throws IOException {
    assertEquals(NETTY, Version.identify().get("netty-buffer").artifactVersion(),
        "Netty changed: re-read UnpooledDirectByteBuf (allocation, growth, deallocate) before raising this");
    assertEquals(NETTY, Version.identify().get("netty-transport").artifactVersion());
    try (InputStream in = VertxHandler.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      assertEquals(VERTX, new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim(),
          "Vert.x changed: re-read VertxHandler.safeBuffer, NetServerImpl.bind and the transport SPI before raising this");
    }
  }

  @Test
  void vertxCopiesASocketBufferAndReleasesItWhichZeroesIt() {
    ByteBuf read = ZeroingTransport.ALLOCATOR.heapBuffer(4096);
    byte[] memory = read.array();
    read.writeBytes(PHOTO);
    ByteBuf copy = VertxHandler.safeBuffer(read.retainedSlice()); // what the HTTP codec hands Vert.x
    read.release(); // what the codec does with its accumulation buffer once read
    assertNotSame(read, copy);
    assertEquals(0, read.refCnt());
    assertArrayEquals(PHOTO, bytes(copy));
    assertTrue(isZero(memory), "the released buffer's memory is zeroed");
  }

  @Test
  void directSocketBuffersAreAlsoCopiedByVertx() {
    ByteBuf read = ZeroingTransport.ALLOCATOR.directBuffer(4096);
    read.writeBytes(PHOTO);
    ByteBuf copy = VertxHandler.safeBuffer(read);
    assertNotSame(read, copy);
    assertEquals(0, read.refCnt());
    assertArrayEquals(PHOTO, bytes(copy));
  }

  @Test
  void aHeapBufferThatGrowsZeroesItsOldArray() {
    ByteBuf buf = ZeroingTransport.ALLOCATOR.heapBuffer(64);
    byte[] old = buf.array();
    buf.writeBytes(PHOTO);
    buf.writeBytes(new byte[1024]); // grows: the photo moves to a new array
    assertNotSame(old, buf.array());
    assertTrue(isZero(old));
    buf.release();
  }

  @Test
  void aDirectBlockIsZeroedBeforeItIsFreed() {
    CleanableDirectBuffer block = PlatformDependent.allocateDirect(8192);
    try {
      block.buffer().put(PHOTO).put(4000, PHOTO[0]).put(8191, (byte) 7);
      ZeroOnFreeAllocator.zero(block);
      byte[] after = new byte[8192];
      block.buffer().duplicate().clear().get(after);
      assertTrue(isZero(after));
    } finally {
      block.clean();
    }
  }

  @Test
  void buffersReportVertxsPooledAllocatorSoVertxTreatsThemAsBefore() {
    ByteBuf buf = ZeroingTransport.ALLOCATOR.directBuffer(16);
    assertSame(VertxByteBufAllocator.POOLED_ALLOCATOR, buf.alloc());
    buf.release();
  }

  private static byte[] bytes(ByteBuf b) {
    byte[] out = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), out);
    return out;
  }

  private static boolean isZero(byte[] a) {
    return Arrays.equals(a, new byte[a.length]);
  }
}
