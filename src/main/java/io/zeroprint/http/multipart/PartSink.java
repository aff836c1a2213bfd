package io.zeroprint.http.multipart;

import io.netty.buffer.ByteBuf;

/** Where one part's bytes go, as the parser finds them. */
public interface PartSink {
  /** A sink that drops what it is given (the chunk it came from is zeroed by the caller). */
  PartSink DISCARD = data -> { };

  /**
   * The next bytes of the part: a view of the chunk being fed (or of the delimiter's own bytes),
   * valid only during this call; copy what must be kept.
   */
  void data(ByteBuf data);

  /** The part's closing delimiter was found: no more bytes will come. */
  default void end() { }
}
