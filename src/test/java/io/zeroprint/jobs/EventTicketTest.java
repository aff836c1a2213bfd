package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.RawHttp;
import io.zeroprint.TestImages;
import io.zeroprint.TestTokens;
import io.zeroprint.contract.SseEvents;
import io.zeroprint.privacy.LogCapture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A browser's {@code EventSource} cannot send {@code Authorization}: it follows a job with a
 * single-use ticket in the URL instead, bound to that job and its owner.
 */
class EventTicketTest extends JobsTestBase {
  /** The default read allowance; work is allowed far more here, so the limit named tells which was spent. */
  private static final String READS_PER_MINUTE = "600";
  private static final byte[] PHOTO = TestImages.encode(TestImages.gradient(16, 16), "png");

  @Test
  void aTicketOpensTheEventStreamOnceForARequestWithNoCustomHeaders() throws Exception {
    String job = newJob();
    try (LogCapture logs = LogCapture.install()) {
      HttpResponse<byte[]> issued = ticketFor(job, TOKEN);
      assertEquals(200, issued.statusCode());
      assertEquals("no-store", issued.headers().firstValue("cache-control").orElse(""));
      JsonObject body = new JsonObject(new String(issued.body(), StandardCharsets.UTF_8));
      assertEquals(30, body.getInteger("expiresInSeconds"));
      String ticket = body.getString("ticket");
      assertTrue(ticket.matches("[A-Za-z0-9_-]{43}"), ticket);

      String stream = eventSource(job, ticket);
      assertEquals(200, RawHttp.status(stream), stream);
      assertTrue(stream.toLowerCase().contains("content-type: text/event-stream"), stream);
      List<JsonObject> events = SseEvents.ofHttpResponse(stream);
      assertEquals("done", events.get(events.size() - 1).getString("state"), stream);

      String again = eventSource(job, ticket);
      assertEquals(401, RawHttp.status(again), again);
      assertTrue(again.contains("\"code\":\"unauthorized\""), again);
      assertFalse(logs.text().contains(ticket), "a ticket reached the logs");
    }
    assertEquals(200, result(job, null).statusCode());
    assertBuffersReleased();
  }

  @Test
  void aTicketForOneJobDoesNotOpenAnother() throws Exception {
    String first = newJob();
    String second = newJob();
    String ticket = ticketOf(first);
    assertEquals(401, RawHttp.status(eventSource(second, ticket)));
    assertEquals(401, RawHttp.status(eventSource(first, ticket)), "a ticket is spent by any use");
    collect(first, second);
  }

  @Test
  void anUnknownTicketIsUnauthorized() throws Exception {
    String job = newJob();
    String answer = eventSource(job, "x".repeat(43));
    assertEquals(401, RawHttp.status(answer));
    assertTrue(answer.contains("WWW-Authenticate: Bearer"), answer);
    assertEquals(400, RawHttp.status(eventSource(job, "%zz")), "a malformed query is the client's error");
    collect(job);
  }

  @Test
  void nobodyGetsATicketForSomeoneElsesJob() {
    String job = newJob();
    assertProblem(ticketFor(job, TestTokens.token("someone-else", "enhance")), 404, "not_found");
    assertProblem(ticketFor(job, TestTokens.token(SUBJECT, "admin")), 403, "forbidden");
    assertProblem(send(HttpRequest.newBuilder(uri("/v1/jobs/" + job + "/events-ticket"))
        .POST(HttpRequest.BodyPublishers.noBody()).build()), 401, "unauthorized");
    collect(job);
  }

  @Test
  void ticketsAndTheStreamsTheyOpenAreCountedAsReads() throws Exception {
    String job = newJob();
    HttpResponse<byte[]> issued = ticketFor(job, TOKEN);
    assertEquals(200, issued.statusCode());
    assertEquals(READS_PER_MINUTE, issued.headers().firstValue("RateLimit-Limit").orElse(""));
    String stream = eventSource(job, new JsonObject(new String(issued.body(), StandardCharsets.UTF_8)).getString("ticket"));
    assertTrue(stream.contains("RateLimit-Limit: " + READS_PER_MINUTE + "\r\n"), stream);
    collect(job);
  }

  private String newJob() {
    String id = submit("?scale=2", "image/png", PHOTO).getString("job");
    // Each test follows its job to its end (with the bearer token), so results can be collected.
    java.util.List<JsonObject> events = events(id);
    assertEquals("done", events.get(events.size() - 1).getString("state"));
    return id;
  }

  private void collect(String... jobs) {
    for (String job : jobs) {
      assertEquals(200, result(job, null).statusCode());
    }
    assertBuffersReleased();
  }

  private String ticketOf(String job) {
    return new JsonObject(new String(ticketFor(job, TOKEN).body(), StandardCharsets.UTF_8)).getString("ticket");
  }

  private HttpResponse<byte[]> ticketFor(String job, String token) {
    return send(HttpRequest.newBuilder(uri("/v1/jobs/" + job + "/events-ticket")).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** What an {@code EventSource} sends: the URL, {@code Accept}, and no {@code Authorization}. */
  private String eventSource(String job, String ticket) throws Exception {
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      raw.head("GET /v1/jobs/" + job + "/events?ticket=" + ticket + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
          + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n");
      return raw.readAll();
    }
  }
}
