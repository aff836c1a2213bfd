package io.zeroprint.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.CapacityExceeded;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.config.LimitsConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Streams one request body into a {@link SegmentBuffer} on the event loop, chunk by chunk, without
 * BodyHandler and without a file. Every heap chunk Vert.x/Netty hands us is zeroed once copied (the
 * connection's per-chunk heap copy, and the multipart decoder's copy of each part chunk; see the
 * README's list of what is zeroed). A raw body is the image; a multipart body has the file part
 * {@code image} and optionally {@code options} (JSON, as a file part or a plain field).
 */
final class UploadReceiver {
  static final String IMAGE_PART = "image";
  static final String OPTIONS_PART = "options";
  private static final String MULTIPART = "multipart/form-data";
  private static final String OCTET_STREAM = "application/octet-stream";
  private static final String CONTINUE = "100-continue";
  /** How Netty's multipart decoder words a form field over the size limit. */
  private static final String FIELD_OVER_LIMIT = "Size exceed allowed maximum capacity";

  /** The received image (owned by the caller from now on) and the options JSON, if any. */
  record Upload(SegmentBuffer image, String optionsJson) {}

  private final HttpServerRequest request;
  private final SegmentBuffer image;
  private final int maxOptionsBytes;
  private final LongConsumer onBytes;
  private final Promise<Upload> result = Promise.promise();
  private final ByteArrayOutputStream options = new ByteArrayOutputStream();
  private boolean imageSeen;
  private boolean imageComplete;
  private boolean optionsSeen;
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
    boolean multipart;
    try {
      rejectDeclaredOversize(request, limits.maxUploadBytes());
      multipart = isMultipart(request);
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
    return r.receive(multipart).andThen(ar -> vertx.cancelTimer(timer));
  }

  /** Starts receiving; the future fails (and the buffer is released) on any problem or disconnect. */
  private Future<Upload> receive(boolean multipart) {
    request.exceptionHandler(e -> fail(e instanceof ProblemException p ? p
        : tooLongField(e) ? new ProblemException(ErrorCode.INVALID_OPTION, "The options part exceeds "
            + maxOptionsBytes + " bytes.")
        : new ProblemException(request.isEnded() ? ErrorCode.CANCELLED : ErrorCode.MALFORMED_REQUEST)));
    request.response().closeHandler(v -> fail(new ProblemException(ErrorCode.CANCELLED)));
    if (multipart) {
      request.setExpectMultipart(true);
      request.handler(UploadReceiver::zero); // the multipart decoder has already copied it
      request.uploadHandler(this::onPart);
    } else {
      imageSeen = true;
      request.handler(this::appendImage);
    }
    request.endHandler(v -> onEnd());
    request.resume();
    return result.future();
  }

  private void onPart(HttpServerFileUpload part) {
    part.exceptionHandler(e -> fail(new ProblemException(ErrorCode.MALFORMED_REQUEST)));
    switch (part.name()) {
      case IMAGE_PART -> {
        if (imageSeen) {
          part.handler(UploadReceiver::zero);
          fail(new ProblemException(ErrorCode.UNEXPECTED_PART, "Send exactly one 'image' part."));
          return;
        }
        imageSeen = true;
        part.handler(this::appendImage);
        part.endHandler(v -> imageComplete = true);
      }
      case OPTIONS_PART -> {
        optionsSeen = true;
        part.handler(this::appendOptions);
      }
      default -> {
        part.handler(UploadReceiver::zero);
        fail(new ProblemException(ErrorCode.UNEXPECTED_PART, "Parts accepted: 'image' and 'options'."));
      }
    }
  }

  private void appendImage(Buffer chunk) {
    try {
      if (!settled) {
        image.append(byteBuf(chunk));
        onBytes.accept(image.length());
      }
    } catch (CapacityExceeded e) {
      fail(new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "The upload exceeds " + e.cap() + " bytes."));
    } catch (ProblemException e) {
      fail(e);
    } finally {
      zero(chunk);
    }
  }

  private void appendOptions(Buffer chunk) {
    if (options.size() + chunk.length() > maxOptionsBytes) {
      fail(new ProblemException(ErrorCode.INVALID_OPTION, "The options part exceeds " + maxOptionsBytes + " bytes."));
      return;
    }
    options.writeBytes(chunk.getBytes());
  }

  private void onEnd() {
    if (settled) {
      return;
    }
    String json = optionsSeen ? options.toString(StandardCharsets.UTF_8) : null;
    if (request.isExpectMultipart()) {
      for (String name : request.formAttributes().names()) {
        if (!OPTIONS_PART.equals(name) || optionsSeen) {
          fail(new ProblemException(ErrorCode.UNEXPECTED_PART,
              "Form fields accepted: 'options'; send the image as a file part named 'image'."));
          return;
        }
        json = request.formAttributes().get(OPTIONS_PART);
      }
    }
    if (image.length() == 0) {
      fail(new ProblemException(ErrorCode.MISSING_IMAGE));
      return;
    }
    if (request.isExpectMultipart() && !imageComplete) {
      fail(new ProblemException(ErrorCode.MALFORMED_REQUEST, "The multipart body ends inside its image part."));
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

  /**
   * The multipart decoder refused a form field over {@code maxFormAttributeSize}. Netty says so only
   * in the message of the I/O error it wraps, so that message is what is matched.
   */
  private static boolean tooLongField(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpPostRequestDecoder.TooLongFormFieldException
          || t instanceof java.io.IOException && String.valueOf(t.getMessage()).startsWith(FIELD_OVER_LIMIT)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isMultipart(HttpServerRequest req) {
    String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
    String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (base.equals(MULTIPART)) {
      if (!type.toLowerCase(Locale.ROOT).contains("boundary=")) {
        throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "multipart/form-data needs a boundary parameter.");
      }
      return true;
    }
    if (base.startsWith("image/") || base.equals(OCTET_STREAM)) {
      return false; // the content decides the format, by magic bytes
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
