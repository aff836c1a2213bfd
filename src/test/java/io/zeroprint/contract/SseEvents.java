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
