package io.zeroprint.contract;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a job's {@code text/event-stream} as a browser's {@code EventSource} does (fields up to a
 * blank line make an event; lines starting with a colon are comments) and checks every event and
 * comment against the AsyncAPI contract, failing at the first breach. Returns each event's data.
 */
public final class SseEvents {
  private final AsyncContract contract = AsyncContract.get();
  private final Map<String, String> fields = new LinkedHashMap<>();
  private final List<String> data = new ArrayList<>();

  private SseEvents() {}

  /** The events of a stream's lines, lazily, each checked as it completes. */
  public static Stream<JsonObject> of(Stream<String> lines) {
    SseEvents events = new SseEvents();
    return lines.flatMap(events::line);
  }

  /** Every event of a whole stream body. */
  public static List<JsonObject> of(String body) {
    return of(body.lines()).toList();
  }

  /**
   * Every event of a whole HTTP/1.1 response as read off a socket: head, then a chunked or plain
   * body (chunk sizes are removed; the stream's text is ASCII JSON, so characters are bytes).
   */
  public static List<JsonObject> ofHttpResponse(String response) {
    int bodyAt = response.indexOf("\r\n\r\n");
    if (bodyAt < 0) {
      throw new AssertionError("not an HTTP response: " + response);
    }
    String head = response.substring(0, bodyAt).toLowerCase(java.util.Locale.ROOT);
    String body = response.substring(bodyAt + 4);
    if (!head.contains("transfer-encoding: chunked")) {
      return of(body);
    }
    StringBuilder text = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int lineEnd = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      text.append(body, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
    return of(text.toString());
  }

  private Stream<JsonObject> line(String line) {
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.startsWith(":")) {
      check(contract.sseComment(line.substring(1).stripLeading()));
      return Stream.empty();
    }
    int colon = line.indexOf(':');
    String name = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    value = value.startsWith(" ") ? value.substring(1) : value;
    if (name.equals("data")) {
      data.add(value);
    } else if (fields.put(name, value) != null) {
      throw new AssertionError("an SSE event with two " + name + " fields");
    }
    return Stream.empty();
  }

  private Stream<JsonObject> dispatch() {
    if (data.isEmpty() && fields.isEmpty()) {
      return Stream.empty();
    }
    if (data.size() != 1) {
      throw new AssertionError("an SSE event with " + data.size() + " data lines; the contract has one JSON line");
    }
    String json = data.get(0);
    check(contract.sseEvent(Map.copyOf(fields), json));
    fields.clear();
    data.clear();
    return Stream.of(new JsonObject(json));
  }

  private static void check(List<String> broken) {
    if (!broken.isEmpty()) {
      throw new AssertionError("the server broke the AsyncAPI contract:\n  " + String.join("\n  ", broken));
    }
  }
}
