package io.zeroprint.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client hammering the server cannot flood the audit log: the first refusal of a kind in a minute
 * is written, the repeats are one line when the minute is over, and the kinds itemised are bounded.
 */
class AuditLogAggregatesRefusalsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
  private static final int KINDS = 50;
  private final AuditLog audit = new AuditLog(new Pseudonyms(""), clock, KINDS);

  @Test
  void aThousandIdenticalRefusalsAreTwoLines() {
    try (LogCapture log = LogCapture.install()) {
      for (int i = 0; i < 1000; i++) {
        audit.refused(AuditLog.Event.REFUSED, "alice", "/v1/enhance", "corrupt_image");
      }
      assertEquals(1, lines(log).size(), "the first one, at once");

      clock.advanceSeconds(61);
      audit.flushIfDue();

      List<JsonObject> lines = lines(log);
      assertEquals(2, lines.size());
      assertEquals(999, lines.get(1).getLong("repeated"));
      assertTrue(lines.stream().noneMatch(l -> l.encode().contains("alice")), "pseudonyms only");
    }
  }

  @Test
  void theKindsItemisedInAMinuteAreBounded() {
    try (LogCapture log = LogCapture.install()) {
      for (int i = 0; i < KINDS + 500; i++) {
        audit.refused(AuditLog.Event.AUTH_FAILURE, "subject-" + i, "/v1/me/data", "unauthorized");
      }
      clock.advanceSeconds(61);
      audit.flushIfDue();

      List<JsonObject> lines = lines(log);
      assertEquals(KINDS + 1, lines.size());
      assertEquals(500, lines.get(lines.size() - 1).getLong("repeated"));
    }
  }

  private static List<JsonObject> lines(LogCapture log) {
    return log.lines().stream().filter(l -> l.startsWith(AuditLog.LOGGER))
        .map(l -> new JsonObject(l.substring(l.indexOf('{'), l.lastIndexOf('}') + 1))).toList();
  }
}
