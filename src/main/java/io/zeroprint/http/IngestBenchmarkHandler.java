package io.zeroprint.http;

import io.vertx.ext.web.RoutingContext;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.config.LimitsConfig;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageFormat;

/**
 * {@code POST /v1/bench/ingest} (only with {@code http.ingestBenchmarkRoute}): the upload path of
 * {@code /v1/enhance} alone — stream into the pool, sniff the format, zero and release — so the
 * benchmark can compare ingest against a discard-only server without inference in the way.
 */
final class IngestBenchmarkHandler {
  private static final String RECEIVED_HEADER = "Zeroprint-Received-Bytes";
  private static final String FORMAT_HEADER = "Zeroprint-Format";

  private final BufferStore store;
  private final LimitsConfig limits;
  private final Problems problems;

  IngestBenchmarkHandler(BufferStore store, LimitsConfig limits, Problems problems) {
    this.store = store;
    this.limits = limits;
    this.problems = problems;
  }

  void handle(RoutingContext rc) {
    UploadReceiver.start(rc.vertx(), rc.request(), store, limits)
        .onSuccess(upload -> received(rc, upload))
        .onFailure(err -> problems.send(rc, ProblemException.of(err)));
  }

  private void received(RoutingContext rc, UploadReceiver.Upload upload) {
    long length = upload.image().length();
    String format = ImageFormat.sniff(upload.image()).map(ImageFormat::id).orElse("unknown");
    upload.image().release();
    rc.response().setStatusCode(204).putHeader(RECEIVED_HEADER, Long.toString(length))
        .putHeader(FORMAT_HEADER, format).end();
  }
}
