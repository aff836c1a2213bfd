package io.zeroprint.http;

import io.netty.buffer.ByteBuf;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Zeroes the frames of a socket's binary messages once Vert.x has assembled them. Vert.x gives each
 * frame a heap copy of its payload and builds a message by appending the later fragments to the
 * first one's copy, then hands the message handler a further copy (zeroed by the session). Frame
 * handlers run after that assembly, so a frame seen here has been used: a single-frame message's
 * copy and each later fragment are zeroed at once, the first fragment (the one being appended to)
 * when its message ends or the socket closes. Arrays that Vert.x drops while growing that first
 * copy cannot be reached: a message in fragments leaves them to the garbage collector.
 */
final class BinaryFrames {
  /** The first fragment of the binary message in progress, which Vert.x assembles the message into. */
  private ByteBuf assembling;
  private boolean inBinary;

  /** Called with every frame, after Vert.x's message assembly has seen it. */
  void after(WebSocketFrame frame) {
    if (frame.isBinary()) {
      release();
      inBinary = !frame.isFinal();
      if (inBinary) {
        assembling = byteBuf(frame);
      } else {
        zero(byteBuf(frame));
      }
    } else if (frame.isContinuation() && inBinary) {
      zero(byteBuf(frame));
      if (frame.isFinal()) {
        release();
      }
    } else if (frame.isText()) {
      release();
    }
  }

  /** The socket closed: a message still being assembled will not be finished. */
  void release() {
    if (assembling != null) {
      zero(assembling);
      assembling = null;
    }
    inBinary = false;
  }

  private static ByteBuf byteBuf(WebSocketFrame frame) {
    return ((BufferInternal) frame.binaryData()).getByteBuf();
  }

  /** The whole memory behind the frame's copy: its readable part and what assembly appended. */
  private static void zero(ByteBuf buf) {
    ByteBuf root = buf;
    while (root.unwrap() != null) {
      root = root.unwrap();
    }
    root.setZero(0, root.capacity());
  }
}
