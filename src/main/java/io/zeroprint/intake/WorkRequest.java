package io.zeroprint.intake;

import io.zeroprint.security.Caller;
import java.util.Map;

/**
 * What a transport knows of a request before its image arrives. No transport type: the transport
 * has already turned its headers, query or message into these fields.
 *
 * @param caller          who asks
 * @param delivery        inline (the result goes back on the same request) or as an addressable job
 * @param route           where it came in, for the audit log: a route template or a message type, never a raw URI
 * @param options         raw option values (String or Number) known up front; a multipart body may add more
 * @param idempotencyKey  a client's key for safe retries of an addressable job, or null
 * @param analyticsOptOut the client sent Do-Not-Track or Global Privacy Control
 */
public record WorkRequest(Caller caller, Delivery delivery, String route, Map<String, Object> options,
    String idempotencyKey, boolean analyticsOptOut) {

  /** How the result reaches the client. */
  public enum Delivery {
    /** On the request that sent the image (synchronous HTTP); the job is not addressable. */
    INLINE,
    /** As a job the owner follows, fetches and deletes by id. */
    JOB
  }

  public WorkRequest {
    options = Map.copyOf(options);
  }
}
