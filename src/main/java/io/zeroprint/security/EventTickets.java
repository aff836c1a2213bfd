package io.zeroprint.security;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Short-lived, single-use tickets that stand in for a bearer token on one job's event stream: a
 * browser's {@code EventSource} cannot send {@code Authorization}, and a token in a URL would end up
 * in histories and logs. A ticket is bound to one job and the caller it was issued to, lives
 * {@link #TTL_SECONDS}, and is gone once presented, whatever the outcome. Shared by every HTTP
 * verticle instance (issue and use may land on different event loops).
 */
public final class EventTickets {
  public static final int TTL_SECONDS = 30;
  /** Tickets held at most: a client that never uses its tickets cannot grow the table without bound. */
  static final int MAX_TICKETS = 10_000;
  private static final int TICKET_BYTES = 32;

  private record Held(String job, Caller caller, long expiresAtMillis) {}

  private final Map<String, Held> tickets = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final LongSupplier clock;

  public EventTickets(LongSupplier clockMillis) {
    this.clock = clockMillis;
  }

  /** A new ticket for {@code caller} to follow {@code job} (the caller's ownership is checked before). */
  public String issue(String job, Caller caller) {
    long now = clock.getAsLong();
    if (tickets.size() >= MAX_TICKETS) {
      tickets.values().removeIf(h -> h.expiresAtMillis() <= now);
      if (tickets.size() >= MAX_TICKETS) {
        throw new ProblemException(ErrorCode.RATE_LIMITED, "Too many event tickets are outstanding.");
      }
    }
    byte[] bytes = new byte[TICKET_BYTES];
    random.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    tickets.put(ticket, new Held(job, caller, now + TTL_SECONDS * 1000L));
    return ticket;
  }

  /** The caller a ticket was issued to, if it is known, unexpired and for {@code job}; used up either way. */
  public Optional<Caller> redeem(String ticket, String job) {
    Held held = tickets.remove(ticket);
    if (held == null || held.expiresAtMillis() <= clock.getAsLong() || !held.job().equals(job)) {
      return Optional.empty();
    }
    return Optional.of(held.caller());
  }

  int outstanding() {
    return tickets.size();
  }
}
