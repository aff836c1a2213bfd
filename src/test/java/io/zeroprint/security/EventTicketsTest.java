package io.zeroprint.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventTicketsTest {
  private static final Caller OWNER = new Caller("owner", Set.of(Caller.SCOPE_ENHANCE), OptionalInt.empty());
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final EventTickets tickets = new EventTickets(now::get);

  @Test
  void aTicketNamesItsCallerOnceForItsJob() {
    String ticket = tickets.issue("job-1", OWNER);
    assertEquals(Optional.of(OWNER), tickets.redeem(ticket, "job-1"));
    assertEquals(Optional.empty(), tickets.redeem(ticket, "job-1"));
  }

  @Test
  void aTicketExpiresAfterThirtySeconds() {
    String kept = tickets.issue("job-1", OWNER);
    String late = tickets.issue("job-1", OWNER);
    now.addAndGet(29_999);
    assertEquals(Optional.of(OWNER), tickets.redeem(kept, "job-1"));
    now.addAndGet(1);
    assertEquals(Optional.empty(), tickets.redeem(late, "job-1"));
  }

  @Test
  void aTicketPresentedForAnotherJobIsRefusedAndSpent() {
    String ticket = tickets.issue("job-1", OWNER);
    assertEquals(Optional.empty(), tickets.redeem(ticket, "job-2"));
    assertEquals(Optional.empty(), tickets.redeem(ticket, "job-1"));
    assertEquals(0, tickets.outstanding());
  }

  @Test
  void ticketsAreUnguessableAndExpiredOnesMakeRoom() {
    assertNotEquals(tickets.issue("job-1", OWNER), tickets.issue("job-1", OWNER));
    for (int i = 2; i < EventTickets.MAX_TICKETS; i++) {
      tickets.issue("job-1", OWNER);
    }
    now.addAndGet(30_000);
    tickets.issue("job-1", OWNER);
    assertTrue(tickets.outstanding() == 1, "expired tickets were dropped when the table was full");
  }
}
