package io.zeroprint.buffer;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.util.internal.CleanableDirectBuffer;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The allocator of the server's sockets: every buffer it hands out (socket reads, TLS records and
 * their plaintext, the HTTP/1, HTTP/2 and WebSocket codecs' accumulation buffers) is overwritten with
 * zeros when its memory is freed, and so is the old memory when a buffer grows. Netty's pooled
 * allocators return memory to their pool as it is, so a photo's bytes would stay in the pool until
 * some later read happened to overwrite them.
 *
 * <p>The buffers are unpooled (a malloc and a free per socket read, which costs little next to the
 * read itself) and report {@code reportedAs} as their allocator: Vert.x copies and releases a
 * buffer only when it comes from one of Netty's pooled allocators (it keeps any other buffer as it is,
 * unreleased), so reporting Vert.x's own pooled allocator keeps Vert.x's handling, and the release
 * that zeroes, unchanged. {@code ZeroOnFreeAllocatorTest} pins that behaviour to the Vert.x and Netty
 * versions it was read from.
 */
public final class ZeroOnFreeAllocator extends AbstractByteBufAllocator {
  private static final int ZERO_CHUNK = 1 << 14;
  private static final byte[] ZEROS = new byte[ZERO_CHUNK];

  private final ByteBufAllocator reportedAs;

  public ZeroOnFreeAllocator(ByteBufAllocator reportedAs) {
    super(true);
    this.reportedAs = reportedAs;
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    return new HeapBuf(reportedAs, initialCapacity, maxCapacity);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return new DirectBuf(reportedAs, initialCapacity, maxCapacity);
  }

  /**
   * Says "pooled" so that Netty copies a heap buffer it writes to a socket into a buffer of this
   * allocator (released, so zeroed) rather than into its recycled thread-local direct buffer.
   */
  @Override
  public boolean isDirectBufferPooled() {
    return true;
  }

  /** Zeroes an array when it is freed: on release, and the old one when the buffer grows. */
  private static final class HeapBuf extends UnpooledHeapByteBuf {
    HeapBuf(ByteBufAllocator alloc, int initialCapacity, int maxCapacity) {
      super(alloc, initialCapacity, maxCapacity);
    }

    @Override
    protected void freeArray(byte[] array) {
      Arrays.fill(array, (byte) 0);
      super.freeArray(array);
    }
  }

  /**
   * Every memory block comes from {@link #allocateDirectBuffer(int)}, the one allocation method
   * Netty lets a subclass replace: the buffer starts empty and grows to its capacity through it.
   */
  private static final class DirectBuf extends UnpooledUnsafeDirectByteBuf {
    DirectBuf(ByteBufAllocator alloc, int initialCapacity, int maxCapacity) {
      super(alloc, 0, maxCapacity);
      if (initialCapacity > 0) {
        capacity(initialCapacity);
      }
    }

    @Override
    protected CleanableDirectBuffer allocateDirectBuffer(int capacity) {
      return new ZeroingBlock(PlatformDependent.allocateDirect(capacity));
    }
  }

  /** A direct memory block that is overwritten with zeros before it is freed. */
  private record ZeroingBlock(CleanableDirectBuffer block) implements CleanableDirectBuffer {
    @Override
    public ByteBuffer buffer() {
      return block.buffer();
    }

    @Override
    public void clean() {
      zero(block);
      block.clean();
    }

    @Override
    public boolean hasMemoryAddress() {
      return block.hasMemoryAddress();
    }

    @Override
    public long memoryAddress() {
      return block.memoryAddress();
    }
  }

  static void zero(CleanableDirectBuffer block) {
    ByteBuffer b = block.buffer();
    if (block.hasMemoryAddress()) {
      PlatformDependent.setMemory(block.memoryAddress(), b.capacity(), (byte) 0);
      return;
    }
    for (int at = 0; at < b.capacity(); at += ZERO_CHUNK) { // absolute puts: no view object per block
      b.put(at, ZEROS, 0, Math.min(ZERO_CHUNK, b.capacity() - at));
    }
  }
}
