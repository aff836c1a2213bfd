package io.zeroprint.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options as a transport carries them — query parameters, a JSON {@code options} part or a
 * WebSocket message's {@code options} object — turned into raw name → value pairs (String or
 * Number) for the one option parser. Values that are neither are refused here.
 */
final class RawOptions {
  private static final JsonFactory STRICT = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private RawOptions() {}

  /** Query parameters; a repeated parameter or a malformed escape is an error. */
  static Map<String, Object> ofQuery(HttpServerRequest req) {
    MultiMap params;
    try {
      params = req.params();
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "The query string is not valid percent-encoding.");
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    for (String name : params.names()) {
      if (params.getAll(name).size() > 1) {
        throw invalid("Option '" + safe(name) + "' is given more than once.");
      }
      String value = params.get(name);
      if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw invalid("Option '" + safe(name) + "' holds a control character.");
      }
      raw.put(name, value);
    }
    return raw;
  }

  /** A JSON object's fields. */
  static Map<String, Object> ofJson(JsonObject o) {
    Map<String, Object> raw = new LinkedHashMap<>();
    for (String name : o.fieldNames()) {
      Object v = o.getValue(name);
      if (!(v instanceof String) && !(v instanceof Number)) {
        throw invalid("Option '" + safe(name) + "' must be a string or a number.");
      }
      raw.put(name, v);
    }
    return raw;
  }

  /** The text of a JSON {@code options} part; a name given twice is refused, as in the query. */
  static Map<String, Object> ofJson(String json) {
    if (json == null) {
      return Map.of();
    }
    try (JsonParser parser = STRICT.createParser(json)) {
      while (parser.nextToken() != null) {
        // reads it all: a repeated name fails here instead of silently keeping the last value
      }
    } catch (IOException e) {
      throw invalid("The options part is not a JSON object with distinct option names.");
    }
    try {
      return ofJson(new JsonObject(json));
    } catch (DecodeException | ClassCastException e) {
      throw invalid("The options part is not a JSON object.");
    }
  }

  /** Option names are echoed only when short and plain, so an error never reflects arbitrary input. */
  static String safe(String name) {
    return name.matches("[A-Za-z0-9_.-]{1,32}") ? name : "?";
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ErrorCode.INVALID_OPTION, detail);
  }
}
