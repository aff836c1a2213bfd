package io.zeroprint.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.jobs.Job;
import io.zeroprint.receipt.ReceiptBook;
import io.zeroprint.security.Caller;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Privacy receipts over HTTP: {@code GET /v1/receipts/{id}} for the owner (while the finished job's
 * tombstone lasts; {@code 409 receipt_not_ready} while the job still holds memory), and the public
 * key at {@code GET /.well-known/zeroprint-receipt-key}. Every request names its receipt up front.
 */
final class Receipts {
  private static final String PATH = "/v1/receipts/";
  private static final String JWK_TYPE = "application/jwk+json";
  private static final int NOT_READY_RETRY_SECONDS = 1;

  private final ReceiptBook book;
  private final JsonObject publicJwk;

  Receipts(ReceiptBook book, JsonObject publicJwk) {
    this.book = book;
    this.publicJwk = publicJwk;
  }

  static String link(String jobId) {
    return PATH + jobId;
  }

  /** Where the request's receipt will be, on whatever answer it gets (its id is the request's: {@link RequestLog#adopt}). */
  static void announce(HttpServerResponse resp, Job job) {
    resp.putHeader("Link", "<" + link(job.id()) + ">; rel=\"receipt\"");
  }

  void receipt(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    String id = rc.pathParam("id");
    String jws = book.find(id, caller.subject())
        .orElseThrow(() -> new ProblemException(ErrorCode.NOT_FOUND, "No receipt with this id."))
        .jws().orElseThrow(() -> new ProblemException(ErrorCode.RECEIPT_NOT_READY,
            "The request still holds memory; its receipt follows.", NOT_READY_RETRY_SECONDS));
    rc.json(new JsonObject().put("id", id).put("receipt", jws).put("claims", claims(jws)));
  }

  void publicKey(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JWK_TYPE).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(publicJwk.toBuffer());
  }

  /** The payload, decoded for convenience; the signature is what a client verifies. */
  private static JsonObject claims(String jws) {
    String payload = jws.split("\\.", 3)[1];
    return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }
}
