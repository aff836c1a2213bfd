package io.zeroprint.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle timeout is for silent clients (a stalled upload, a forgotten keep-alive connection), not
 * for clients waiting while the server works: a synchronous request queued behind other work or
 * running a slow model sends nothing for as long as that takes. While a connection holds such a
 * request, the idle events of Vert.x's idle handler are dropped before they reach the connection;
 * once the answer is written, the idle clock (which counts writes too) starts again.
 */
final class BusyConnections {
  private static final String IDLE_HANDLER = "idle";
  private static final String GUARD = "zeroprint-busy";
  private static final AttributeKey<AtomicInteger> WORKING = AttributeKey.valueOf("zeroprint.working");

  private BusyConnections() {}

  /** Marks the connection as waiting on the server; run the returned action once the answer is written. */
  static Runnable hold(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return () -> { };
    }
    Channel channel = base.channel();
    AtomicInteger working = channel.attr(WORKING).setIfAbsent(new AtomicInteger());
    if (working == null) {
      working = channel.attr(WORKING).get();
      if (channel.pipeline().get(IDLE_HANDLER) != null && channel.pipeline().get(GUARD) == null) {
        channel.pipeline().addAfter(IDLE_HANDLER, GUARD, new Guard());
      }
    }
    working.incrementAndGet();
    AtomicInteger held = working;
    java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        held.decrementAndGet();
      }
    };
  }

  @ChannelHandler.Sharable
  private static final class Guard extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      AtomicInteger working = ctx.channel().attr(WORKING).get();
      if (evt instanceof IdleStateEvent && working != null && working.get() > 0) {
        return; // the server is the silent one: not a reason to close
      }
      super.userEventTriggered(ctx, evt);
    }
  }
}
