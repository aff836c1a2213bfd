package io.zeroprint.privacy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Security events as JSON lines on the {@code zeroprint.audit} logger: what happened, to which
 * keyed subject pseudonym, on which route, with which outcome code. By construction it takes no
 * token, address, file name, image byte or landmark: callers can only pass these fields.
 */
public final class AuditLog {
  public static final String LOGGER = "zeroprint.audit";
  private static final System.Logger LOG = System.getLogger(LOGGER);
  private static final String NO_SUBJECT = "-";

  /** The events the audit log knows. */
  public enum Event { AUTH_FAILURE, FORBIDDEN, RATE_LIMITED, QUOTA_EXCEEDED, ERASURE, ADMIN_ACCESS }

  private final Pseudonyms pseudonyms;

  public AuditLog(Pseudonyms pseudonyms) {
    this.pseudonyms = pseudonyms;
  }

  /**
   * @param subject the token subject, or null before authentication
   * @param route   the route template (never the raw URI, which could carry query data)
   * @param code    the catalogue code of the outcome, or a short outcome word
   */
  public void record(Event event, String subject, String route, String code) {
    JsonObject line = new JsonObject().put("ts", Instant.now().toString()).put("event", event.name().toLowerCase())
        .put("subject", subject == null ? NO_SUBJECT : pseudonyms.of(subject)).put("route", route).put("code", code);
    LOG.log(System.Logger.Level.INFO, line.encode());
  }
}
