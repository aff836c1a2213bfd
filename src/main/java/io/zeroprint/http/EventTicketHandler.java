package io.zeroprint.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.security.Caller;
import io.zeroprint.security.EventTickets;

/**
 * {@code POST /v1/jobs/{id}/events-ticket} (bearer, owner only) gives a single-use ticket with which
 * {@code GET /v1/jobs/{id}/events?ticket=…} is accepted without {@code Authorization}: what a
 * browser's {@code EventSource} can send. The ticket is never logged (the audit log names route
 * templates only).
 */
final class EventTicketHandler {
  static final String TICKET_PARAM = "ticket";

  private final EventTickets tickets;
  private final JobRegistry registry;
  private final AuditLog audit;

  EventTicketHandler(EventTickets tickets, JobRegistry registry, AuditLog audit) {
    this.tickets = tickets;
    this.registry = registry;
    this.audit = audit;
  }

  void issue(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    String job = registry.require(rc.pathParam("id"), caller.subject()).id();
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("ticket", tickets.issue(job, caller))
            .put("expiresInSeconds", EventTickets.TTL_SECONDS).toBuffer());
  }

  /**
   * Before authentication on the event stream: a request with a bearer token, or with no ticket, goes
   * on to the token check; a ticket is redeemed here and names the caller, or the request is a 401.
   */
  void redeem(RoutingContext rc) {
    if (rc.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
      rc.next();
      return;
    }
    String ticket;
    try {
      ticket = rc.request().params().get(TICKET_PARAM);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "The query string is not valid percent-encoding.");
    }
    if (ticket == null) {
      rc.next();
      return;
    }
    Caller caller = tickets.redeem(ticket, rc.pathParam("id")).orElse(null);
    if (caller == null) {
      audit.refused(AuditLog.Event.AUTH_FAILURE, null, AccessHandlers.routeOf(rc), ErrorCode.UNAUTHORIZED.code());
      rc.response().putHeader("WWW-Authenticate", "Bearer");
      throw new ProblemException(ErrorCode.UNAUTHORIZED,
          "The event ticket is unknown, used, expired or for another job; ask for a new one.");
    }
    rc.put(Caller.KEY, caller);
    rc.next();
  }
}
