package io.zeroprint.privacy;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Security events as JSON lines on the {@code zeroprint.audit} logger: what happened, to which
 * keyed subject pseudonym, on which route, with which outcome code. By construction it takes no
 * token, address, file name, image byte or landmark: callers can only pass these fields.
 *
 * <p>Refusals are aggregated, so a client hammering the server cannot flood the log: the first
 * refusal of a kind (event, pseudonym, route, code) in a minute is written at once; repeats are
 * counted and written as one line with {@code repeated} when the minute is over. At most
 * {@value #MAX_KINDS} kinds are tracked a minute; beyond that, refusals are only counted in one line.
 */
public final class AuditLog {
  public static final String LOGGER = "zeroprint.audit";
  private static final System.Logger LOG = System.getLogger(LOGGER);
  private static final String NO_SUBJECT = "-";
  private static final long WINDOW_MILLIS = TimeUnit.MINUTES.toMillis(1);
  static final int MAX_KINDS = 10_000;

  /** The events the audit log knows. */
  public enum Event { AUTH_FAILURE, FORBIDDEN, RATE_LIMITED, QUOTA_EXCEEDED, REFUSED, ERASURE, ADMIN_ACCESS }

  private final Pseudonyms pseudonyms;
  private final Clock clock;
  private final int maxKinds;
  private final Map<String, Repeats> repeats = new LinkedHashMap<>();
  private long window;
  private long overflow;

  private static final class Repeats {
    private final JsonObject first;
    private long count;

    Repeats(JsonObject first) {
      this.first = first;
    }
  }

  public AuditLog(Pseudonyms pseudonyms) {
    this(pseudonyms, Clock.systemUTC(), MAX_KINDS);
  }

  AuditLog(Pseudonyms pseudonyms, Clock clock, int maxKinds) {
    this.pseudonyms = pseudonyms;
    this.clock = clock;
    this.maxKinds = maxKinds;
  }

  /**
   * An event written at once (erasures, admin access).
   *
   * @param subject the token subject, or null before authentication
   * @param route   the route template or message type (never the raw URI, which could carry query data)
   * @param code    the catalogue code of the outcome, or a short outcome word
   */
  public void record(Event event, String subject, String route, String code) {
    write(line(event, subject, route, code));
  }

  /** A refusal: written at once the first time in a minute, counted after that (see the class comment). */
  public void refused(Event event, String subject, String route, String code) {
    JsonObject line = line(event, subject, route, code);
    String kind = event + "\n" + line.getString("subject") + "\n" + route + "\n" + code;
    boolean first;
    synchronized (this) {
      flushIfDue();
      Repeats r = repeats.get(kind);
      if (r == null && repeats.size() >= maxKinds) {
        overflow++;
        return;
      }
      first = r == null;
      if (first) {
        repeats.put(kind, new Repeats(line));
      } else {
        r.count++;
      }
    }
    if (first) {
      write(line);
    }
  }

  /** Writes the counts of a minute that is over; called on every refusal and by a periodic timer. */
  public synchronized void flushIfDue() {
    long now = clock.millis() / WINDOW_MILLIS;
    if (now == window) {
      return;
    }
    for (Repeats r : repeats.values()) {
      if (r.count > 0) {
        write(r.first.copy().put("ts", Instant.ofEpochMilli(window * WINDOW_MILLIS).toString())
            .put("repeated", r.count).put("window", "PT1M"));
      }
    }
    if (overflow > 0) {
      write(new JsonObject().put("ts", Instant.ofEpochMilli(window * WINDOW_MILLIS).toString())
          .put("event", "refusals_not_itemised").put("repeated", overflow).put("window", "PT1M"));
    }
    repeats.clear();
    overflow = 0;
    window = now;
  }

  private JsonObject line(Event event, String subject, String route, String code) {
    return new JsonObject().put("ts", Instant.now(clock).toString()).put("event", event.name().toLowerCase())
        .put("subject", subject == null ? NO_SUBJECT : pseudonyms.of(subject)).put("route", route).put("code", code);
  }

  private static void write(JsonObject line) {
    LOG.log(System.Logger.Level.INFO, line.encode());
  }
}
