package io.zeroprint.http;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.CapacityExceeded;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.config.LimitsConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.http.multipart.HeaderValue;
import io.zeroprint.http.multipart.MultipartParser;
import io.zeroprint.http.multipart.UploadForm;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Streams one request body into a {@link SegmentBuffer} on the event loop, chunk by chunk, without
 * BodyHandler and without a file. Every heap chunk Vert.x hands us is zeroed once consumed (see the
 * README's list of what is zeroed). A raw body is the image; a multipart body, parsed here by
 * {@link UploadForm} rather than by Netty's decoder (which keeps its own copy of every part), has the
 * file part {@code image} and optionally {@code options} (JSON, as a file part or a plain field).
 */
final class UploadReceiver {
  private static final String MULTIPART = "multipart/form-data";
  private static final String OCTET_STREAM = "application/octet-stream";
  private static final String CONTINUE = "100-continue";

  /** The received image (owned by the caller from now on) and the options JSON, if any. */
  record Upload(SegmentBuffer image, String optionsJson) {}

  private final HttpServerRequest request;
  private final SegmentBuffer image;
  private final int maxOptionsBytes;
  private final LongConsumer onBytes;
  private final Promise<Upload> result = Promise.promise();
  private UploadForm form; // null for a raw body
  private boolean settled;

  private UploadReceiver(HttpServerRequest request, SegmentBuffer image, int maxOptionsBytes, LongConsumer onBytes) {
    this.request = request;
    this.onBytes = onBytes;
    this.image = image;
    this.maxOptionsBytes = maxOptionsBytes;
  }

  /**
   * Checks what can be checked before reading (declared size: 413 at once; content type: 415),
   * answers {@code Expect: 100-continue}, then receives into a new buffer capped at the upload limit.
   */
  static Future<Upload> start(Vertx vertx, HttpServerRequest request, BufferStore store, LimitsConfig limits) {
    return start(vertx, request, store.open(limits.maxUploadBytes()), limits, bytes -> { });
  }

  /**
   * As above, into {@code image} (opened by the caller, e.g. on the job's memory account), telling
   * {@code onBytes} the image bytes received so far after every chunk.
   */
  static Future<Upload> start(Vertx vertx, HttpServerRequest request, SegmentBuffer image, LimitsConfig limits,
      LongConsumer onBytes) {
    String boundary;
    try {
      rejectDeclaredOversize(request, limits.maxUploadBytes());
      boundary = multipartBoundary(request);
    } catch (ProblemException p) {
      image.release();
      return Future.failedFuture(p);
    }
    if (CONTINUE.equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      request.response().writeContinue();
    }
    UploadReceiver r = new UploadReceiver(request, image, limits.maxOptionsBytes(), onBytes);
    // A sender that trickles bytes just fast enough to dodge the idle timeout still has a deadline.
    long timer = vertx.setTimer(TimeUnit.SECONDS.toMillis(limits.uploadDeadlineSeconds()),
        id -> r.fail(new ProblemException(ErrorCode.UPLOAD_TIMEOUT, "The limit is " + limits.uploadDeadlineSeconds() + " s.")));
    return r.receive(boundary).andThen(ar -> vertx.cancelTimer(timer));
  }

  /**
   * Starts receiving a multipart body with this boundary, or a raw body when it is null; the future
   * fails (and the buffer is released) on any problem or disconnect.
   */
  private Future<Upload> receive(String boundary) {
    request.exceptionHandler(e -> fail(e instanceof ProblemException p ? p
        : new ProblemException(request.isEnded() ? ErrorCode.CANCELLED : ErrorCode.MALFORMED_REQUEST)));
    request.response().closeHandler(v -> fail(new ProblemException(ErrorCode.CANCELLED)));
    form = boundary == null ? null : new UploadForm(boundary, image, maxOptionsBytes, onBytes);
    request.handler(form == null ? this::appendImage : this::feedForm);
    request.endHandler(v -> onEnd());
    request.resume();
    return result.future();
  }

  // One view of each chunk serves for copying and for zeroing: Vert.x makes a new object per view.
  private void appendImage(Buffer chunk) {
    ByteBuf bytes = byteBuf(chunk);
    int start = bytes.readerIndex();
    int length = bytes.readableBytes();
    try {
      if (!settled) {
        image.append(bytes);
        onBytes.accept(image.length());
      }
    } catch (CapacityExceeded e) {
      fail(new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "The upload exceeds " + e.cap() + " bytes."));
    } catch (ProblemException e) {
      fail(e);
    } finally {
      bytes.setZero(start, length);
    }
  }

  private void feedForm(Buffer chunk) {
    ByteBuf bytes = byteBuf(chunk);
    int start = bytes.readerIndex();
    int length = bytes.readableBytes();
    try {
      if (!settled) {
        form.feed(bytes);
      }
    } catch (ProblemException e) {
      fail(e);
    } finally {
      bytes.setZero(start, length);
    }
  }

  private void onEnd() {
    if (settled) {
      return;
    }
    String json = null;
    try {
      if (form != null) {
        json = form.finish();
      } else if (image.length() == 0) {
        throw new ProblemException(ErrorCode.MISSING_IMAGE);
      }
    } catch (ProblemException e) {
      fail(e);
      return;
    }
    settled = true;
    result.complete(new Upload(image, json));
  }

  private void fail(ProblemException e) {
    if (settled) {
      return;
    }
    settled = true;
    if (form != null) {
      form.discard();
    }
    image.release();
    result.fail(e);
  }

  /** The body size the client declared: -1 when it declared none, {@link Long#MAX_VALUE} when unreadable. */
  static long declaredLength(HttpServerRequest req) {
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static void rejectDeclaredOversize(HttpServerRequest req, long max) {
    long declared = declaredLength(req);
    if (declared == Long.MAX_VALUE) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "Content-Length is not a number.");
    }
    if (declared > max) {
      throw new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "The limit is " + max + " bytes.");
    }
  }

  /** The boundary of a multipart body, null for a raw image body. */
  private static String multipartBoundary(HttpServerRequest req) {
    String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
    HeaderValue value = HeaderValue.parse(type == null ? "" : type);
    String base = value.type();
    if (base.equals(MULTIPART)) {
      String boundary = value.param("boundary");
      if (boundary == null) {
        throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "multipart/form-data needs a boundary parameter.");
      }
      return MultipartParser.checkBoundary(boundary);
    }
    if (base.startsWith("image/") || base.equals(OCTET_STREAM)) {
      return null; // the content decides the format, by magic bytes
    }
    throw new ProblemException(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
  }

  private static ByteBuf byteBuf(Buffer chunk) {
    return ((BufferInternal) chunk).getByteBuf();
  }

  /** Overwrites a chunk's bytes in place: they are a heap copy of the socket data only we reference. */
  static void zero(Buffer chunk) {
    ByteBuf b = byteBuf(chunk);
    b.setZero(b.readerIndex(), b.readableBytes());
  }
}
