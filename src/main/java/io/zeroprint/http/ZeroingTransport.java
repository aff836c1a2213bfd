package io.zeroprint.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.vertx.core.impl.buffer.VertxByteBufAllocator;
import io.vertx.core.impl.transports.NioTransport;
import io.vertx.core.impl.transports.TransportInternal;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.transport.Transport;
import io.zeroprint.buffer.ZeroOnFreeAllocator;

/**
 * Vert.x's NIO transport, except that every connection the server accepts gets a
 * {@link ZeroOnFreeAllocator}, so the socket, TLS and codec buffers holding a request's bytes are
 * zeroed when Netty frees them. Vert.x 5 has no public hook for a server channel's allocator: this
 * uses its transport SPI ({@code io.vertx.core.spi.transport.Transport}, whose server configuration
 * runs after Vert.x sets its own pooled allocator on the bootstrap) and its internal
 * {@code TransportInternal}. {@code ZeroOnFreeAllocatorTest} fails when the Vert.x or Netty
 * version changes, so the two are read again before an upgrade.
 */
public final class ZeroingTransport extends NioTransport {
  /** The allocator every accepted connection reads with. */
  public static final ByteBufAllocator ALLOCATOR = new ZeroOnFreeAllocator(VertxByteBufAllocator.POOLED_ALLOCATOR);

  private ZeroingTransport() {}

  /** The transport to build Vert.x with. */
  public static Transport create() {
    return new TransportInternal("nio", true, null, new ZeroingTransport());
  }

  @Override
  public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
    super.configure(options, domainSocket, bootstrap);
    bootstrap.childOption(ChannelOption.ALLOCATOR, ALLOCATOR);
  }
}
