package io.zeroprint.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.buffer.CapacityExceeded;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.intake.WorkRequest;
import io.zeroprint.security.Caller;
import io.zeroprint.uploads.ResumableUpload;
import io.zeroprint.uploads.UploadStore;
import java.util.Locale;

/**
 * Resumable uploads over tus 1.0.0 ({@code creation}, {@code creation-with-upload}, {@code termination},
 * {@code expiration}, {@code checksum} with sha256): {@code OPTIONS /v1/uploads} discovery,
 * {@code POST /v1/uploads} creates (admitted as a job by the intake), {@code HEAD /v1/uploads/{id}} the
 * acknowledged offset, {@code PATCH} appends, {@code DELETE} terminates. The PATCH that completes an
 * upload answers with the job it became ({@code Zeroprint-Job}, {@code Link}). Bytes go from each
 * network chunk straight into the upload's segments, and the chunk is zeroed.
 */
final class ResumableUploadsHandler {
  static final String JOB_HEADER = "Zeroprint-Job";
  private static final String PATH = "/v1/uploads/";

  private final UploadStore uploads;
  private final Problems problems;

  ResumableUploadsHandler(UploadStore uploads, Problems problems) {
    this.uploads = uploads;
    this.problems = problems;
  }

  /** Every answer on these routes, problems included, names the protocol version. */
  void announce(RoutingContext rc) {
    rc.response().putHeader(TusHeaders.RESUMABLE, TusHeaders.PROTOCOL_VERSION);
    rc.next();
  }

  void discover(RoutingContext rc) {
    rc.response().setStatusCode(204).putHeader(TusHeaders.VERSION, TusHeaders.PROTOCOL_VERSION)
        .putHeader(TusHeaders.EXTENSION, TusHeaders.EXTENSIONS)
        .putHeader(TusHeaders.MAX_SIZE, Long.toString(uploads.maxBytes()))
        .putHeader(TusHeaders.CHECKSUM_ALGORITHM, "sha256").end();
  }

  void create(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    TusHeaders.requireVersion(req);
    long length = TusHeaders.nonNegative(req, TusHeaders.UPLOAD_LENGTH);
    boolean withUpload = isOffsetStream(req);
    if (!withUpload && UploadReceiver.declaredLength(req) > 0) {
      throw new ProblemException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "A creation request's body is sent as "
          + TusHeaders.OFFSET_STREAM + ".");
    }
    Caller caller = rc.get(Caller.KEY);
    WorkRequest work = new WorkRequest(caller, WorkRequest.Delivery.JOB, AccessHandlers.routeOf(rc),
        TusHeaders.options(req), null, PrivacySignals.optedOut(req));
    ResumableUpload upload = uploads.create(work, length);
    WorkRequests.rateHeaders(rc.response(), upload.ticket().window());
    rc.response().putHeader(HttpHeaders.LOCATION, PATH + upload.id());
    if (!withUpload) {
      answer(rc, upload, 201);
      return;
    }
    receive(req, upload, 0)
        .onSuccess(offset -> answer(rc, upload, 201))
        .onFailure(err -> problem(rc, upload, ProblemException.of(err)));
  }

  void head(RoutingContext rc) {
    TusHeaders.requireVersion(rc.request());
    ResumableUpload upload = upload(rc);
    rc.response().putHeader(TusHeaders.UPLOAD_LENGTH, Long.toString(upload.length()));
    end(rc, upload, 200);
  }

  void patch(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    TusHeaders.requireVersion(req);
    if (!isOffsetStream(req)) {
      throw new ProblemException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the bytes as " + TusHeaders.OFFSET_STREAM + ".");
    }
    long at = TusHeaders.nonNegative(req, TusHeaders.UPLOAD_OFFSET);
    ResumableUpload upload = upload(rc);
    receive(req, upload, at)
        .onSuccess(offset -> answer(rc, upload, 204))
        .onFailure(err -> problem(rc, upload, ProblemException.of(err)));
  }

  void terminate(RoutingContext rc) {
    TusHeaders.requireVersion(rc.request());
    uploads.terminate(upload(rc));
    rc.response().setStatusCode(204).end();
  }

  /**
   * Receives one chunk at {@code at} into the upload; completes with the new acknowledged offset,
   * or fails (and nothing acknowledged changed) when it breaks off, overflows or fails its checksum.
   */
  private Future<Long> receive(HttpServerRequest req, ResumableUpload upload, long at) {
    ResumableUpload.Chunk chunk;
    try {
      chunk = upload.begin(at, TusHeaders.sha256(req), () -> req.connection().close());
    } catch (ProblemException p) {
      return Future.failedFuture(p); // answered with the offset, like every refused chunk
    }
    Promise<Long> done = Promise.promise();
    req.handler(data -> {
      try {
        chunk.append(((BufferInternal) data).getByteBuf());
      } catch (CapacityExceeded e) {
        done.tryFail(new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "The upload exceeds " + e.cap() + " bytes."));
      } catch (ProblemException e) {
        done.tryFail(e);
      } finally {
        UploadReceiver.zero(data);
      }
    });
    req.exceptionHandler(e -> done.tryFail(new ProblemException(ErrorCode.MALFORMED_REQUEST)));
    req.response().closeHandler(v -> done.tryFail(new ProblemException(ErrorCode.CANCELLED)));
    req.endHandler(v -> {
      try {
        done.tryComplete(chunk.acknowledge());
      } catch (ProblemException p) {
        done.tryFail(p);
      }
    });
    req.resume();
    return done.future().onFailure(err -> upload.abort(chunk));
  }

  /**
   * Answers an acknowledged chunk; the chunk that completed the upload first hands it to the intake,
   * and its answer names the job.
   */
  private void answer(RoutingContext rc, ResumableUpload upload, int status) {
    HttpServerResponse resp = rc.response();
    if (upload.offset() == upload.length()) {
      uploads.submit(upload)
          .onSuccess(submitted -> {
            submitted.resultKey().ifPresent(k -> resp.putHeader(JobsHandler.RESULT_KEY_HEADER, k));
            end(rc, upload, status);
          })
          .onFailure(err -> problem(rc, upload, ProblemException.of(err)));
      return;
    }
    end(rc, upload, status);
  }

  private void end(RoutingContext rc, ResumableUpload upload, int status) {
    HttpServerResponse resp = rc.response();
    if (upload.stage() == ResumableUpload.Stage.RECEIVING) {
      resp.putHeader(TusHeaders.UPLOAD_EXPIRES, TusHeaders.httpDate(upload.expiresAt()));
    } else {
      job(resp, upload);
    }
    resp.setStatusCode(status).putHeader(TusHeaders.UPLOAD_OFFSET, Long.toString(upload.offset()))
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
  }

  /** A problem, still saying where the upload stands so the client can resume. */
  private void problem(RoutingContext rc, ResumableUpload upload, ProblemException p) {
    HttpServerResponse resp = rc.response();
    if (resp.ended() || resp.closed()) {
      return;
    }
    if (upload.stage() != ResumableUpload.Stage.RECEIVING) {
      job(resp, upload);
    }
    resp.putHeader(TusHeaders.UPLOAD_OFFSET, Long.toString(upload.offset()));
    if (p.code() == ErrorCode.CHECKSUM_MISMATCH) {
      resp.setStatusMessage("Checksum Mismatch");
    }
    problems.send(rc, p);
  }

  private static void job(HttpServerResponse resp, ResumableUpload upload) {
    String id = upload.ticket().job().id();
    resp.putHeader(JOB_HEADER, id).putHeader("Link", "<" + JobLinks.self(id) + ">; rel=\"related\"; title=\"job\"");
  }

  private ResumableUpload upload(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    return uploads.require(rc.pathParam("id"), caller.subject());
  }

  private static boolean isOffsetStream(HttpServerRequest req) {
    String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(TusHeaders.OFFSET_STREAM);
  }
}
