package io.zeroprint.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.zeroprint.buffer.SegmentBuffer;

/**
 * Writes an image from its off-heap segments (no copy). The returned future completes once Netty is
 * done with the segments, written or failed, so the caller may zero them then — and not before.
 */
final class ResultWriter {
  private static final String HEADER_PREFIX = "Zeroprint-";

  private ResultWriter() {}

  static Future<Void> send(HttpServerResponse resp, SegmentBuffer image, String mediaType, int width, int height) {
    if (resp.closed() || resp.ended()) {
      return Future.failedFuture("response closed");
    }
    resp.putHeader(HttpHeaders.CONTENT_TYPE, mediaType)
        .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(image.length()));
    if (width > 0) {
      resp.putHeader(HEADER_PREFIX + "Width", Integer.toString(width))
          .putHeader(HEADER_PREFIX + "Height", Integer.toString(height));
    }
    try {
      for (Buffer view : image.views()) {
        resp.write(view);
      }
      return resp.end();
    } catch (RuntimeException e) {
      return Future.failedFuture(e); // the connection closed between the check and the write
    }
  }
}
