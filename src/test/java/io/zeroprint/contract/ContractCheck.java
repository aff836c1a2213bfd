package io.zeroprint.contract;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one HTTP exchange against {@code openapi.yaml}: the path and method are known, the status
 * is declared for that operation (no catch-all {@code default}), the media type is declared, a JSON
 * body is valid against its schema, and every response header is declared — except the standard
 * ones listed in {@link #STANDARD_HEADERS}, which any answer may carry. A request is checked too
 * (required parameters, declared query parameters, declared body media type); a request the
 * contract does not allow is a disagreement only when the server accepted it (2xx), since refusing
 * it is what the contract implies.
 *
 * <p>Answers the document states in prose, on any path: a CORS preflight's; {@code 404 not_found} for a path it does
 * not have and {@code 405 method_not_allowed} (with {@code Allow}) for a method a path does not
 * have — or, first, the guards' 401/403/429 — and {@code 414}/{@code 431} before routing.
 */
public final class ContractCheck {
  /**
   * Headers any answer may carry without the document naming them: framing and connection
   * management, caching and validators, CORS, the security headers on every answer, and the
   * WebSocket handshake's own.
   */
  public static final Set<String> STANDARD_HEADERS = Set.of("content-length", "content-type", "date", "connection",
      "transfer-encoding", "keep-alive", "cache-control", "etag", "vary", "last-modified", "expires", "pragma",
      "x-content-type-options", "referrer-policy", "x-frame-options", "content-security-policy",
      "cross-origin-resource-policy", "strict-transport-security", "permissions-policy",
      "access-control-allow-origin", "access-control-allow-credentials", "access-control-allow-methods",
      "access-control-allow-headers", "access-control-expose-headers", "access-control-max-age",
      "upgrade", "sec-websocket-accept", ":status");
  /** Routes the document leaves out on purpose: a benchmark-only route. */
  public static final Set<String> NOT_IN_CONTRACT = Set.of("/v1/bench/ingest");

  private final OpenApiDocument doc;
  private final boolean checkRequests;

  /** @param checkRequests false for deliberately hostile tests: their answers are checked, their requests not */
  public ContractCheck(OpenApiDocument doc, boolean checkRequests) {
    this.doc = doc;
    this.checkRequests = checkRequests;
  }

  /** An exchange as seen by a client; {@code body} is null when it was not kept (binary media). */
  public record Exchange(String method, URI uri, Map<String, List<String>> requestHeaders, boolean requestHasBody,
      int status, Map<String, List<String>> responseHeaders, byte[] body, long bodyLength) {}

  /** The operation an exchange belongs to, if the document has it. */
  public Optional<String> operationId(String method, URI uri) {
    return doc.pathOf(uri.getRawPath()).flatMap(p -> doc.operation(p, method)).map(OpenApiDocument.Operation::id);
  }

  /** Every way this exchange disagrees with the document, each naming operation, status and violation. */
  public List<String> violations(Exchange x) {
    List<String> out = new ArrayList<>();
    String path = x.uri().getRawPath();
    if (NOT_IN_CONTRACT.contains(path)) {
      return out;
    }
    Optional<String> templ = doc.pathOf(path);
    String contentType = first(x.responseHeaders(), "content-type");
    if (x.method().equals("OPTIONS") && first(x.requestHeaders(), "access-control-request-method") != null) {
      preflight(x, out);
      return out;
    }
    if (templ.isEmpty() || doc.operation(templ.get(), x.method()).isEmpty()) {
      // The guards of a prefix (authentication, scope, rate limits) answer before the router finds nothing.
      Set<Integer> generic = templ.isEmpty() ? Set.of(401, 403, 404, 414, 429, 431)
          : Set.of(401, 403, 405, 414, 429, 431);
      String where = x.method() + " " + path + " (" + (templ.isEmpty() ? "no such path" : "no such method") + ")";
      if (!generic.contains(x.status())) {
        out.add(where + ": status " + x.status() + " is not declared (only " + generic + ")");
      } else {
        problemBody(where + " " + x.status(), contentType, x.body(), out);
        Set<String> allowed = Set.of("allow", "www-authenticate", "zeroprint-request-id", "ratelimit-limit",
            "ratelimit-remaining", "ratelimit-reset", "retry-after", "tus-resumable");
        for (String h : x.responseHeaders().keySet()) {
          String name = h.toLowerCase(Locale.ROOT);
          if (!STANDARD_HEADERS.contains(name) && !allowed.contains(name)) {
            out.add(where + " " + x.status() + ": header " + h + " is not declared");
          }
        }
      }
      return out;
    }
    OpenApiDocument.Operation op = doc.operation(templ.get(), x.method()).get();
    String where = op.id() + " (" + x.method() + " " + templ.get() + ") " + x.status();
    if (checkRequests && x.status() >= 200 && x.status() < 300) {
      request(op, x, where, out);
    }
    JsonObject responses = op.responses();
    if (responses.containsKey("default")) {
      out.add(where + ": the operation declares a catch-all default response");
    }
    JsonObject response = doc.deref(responses.getJsonObject(Integer.toString(x.status())));
    if (response == null) {
      out.add(where + ": status " + x.status() + " is not declared (declared: " + responses.fieldNames() + ")");
      return out;
    }
    headers(response, x, where, out);
    JsonObject content = response.getJsonObject("content");
    if (content == null || content.isEmpty()) {
      if (x.bodyLength() > 0) {
        out.add(where + ": a body of " + x.bodyLength() + " bytes where none is declared");
      }
      return out;
    }
    if (x.method().equalsIgnoreCase("HEAD")) {
      return out; // a HEAD answer's Content-Type names what a GET would send; there is no body
    }
    if (contentType == null) {
      out.add(where + ": no Content-Type; declared " + content.fieldNames());
      return out;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    JsonObject media = content.getJsonObject(base);
    if (media == null) {
      out.add(where + ": media type " + base + " is not declared (declared " + content.fieldNames() + ")");
      return out;
    }
    if (isJson(base) && x.body() != null) {
      JsonObject schema = media.getJsonObject("schema");
      Object parsed;
      try {
        parsed = Json.decodeValue(new String(x.body(), StandardCharsets.UTF_8));
      } catch (DecodeException e) {
        out.add(where + ": the " + base + " body is not JSON");
        return out;
      }
      if (schema != null) {
        doc.validate(schema, parsed).forEach(e -> out.add(where + ": body " + e));
      }
    }
    return out;
  }

  /**
   * A CORS preflight, on any path: answered by the CORS layer (204, no body) for an allowed origin,
   * or 403 {@code origin_not_allowed}.
   */
  private void preflight(Exchange x, List<String> out) {
    String where = "CORS preflight OPTIONS " + x.uri().getRawPath() + " " + x.status();
    if (x.status() == 403) {
      problemBody(where, first(x.responseHeaders(), "content-type"), x.body(), out);
    } else if (x.status() != 204 && x.status() != 200) {
      out.add(where + ": a preflight is answered 204 (allowed) or 403 (origin_not_allowed)");
    } else if (x.bodyLength() > 0) {
      out.add(where + ": a preflight answer has no body");
    }
  }

  private void problemBody(String where, String contentType, byte[] body, List<String> out) {
    if (contentType == null || !contentType.startsWith("application/problem+json")) {
      out.add(where + ": expected an application/problem+json body, got " + contentType);
      return;
    }
    if (body != null) {
      doc.validate(new JsonObject().put("$ref", "schemas/problem.json"),
          Json.decodeValue(new String(body, StandardCharsets.UTF_8))).forEach(e -> out.add(where + ": body " + e));
    }
  }

  private void headers(JsonObject response, Exchange x, String where, List<String> out) {
    JsonObject declared = response.getJsonObject("headers", new JsonObject());
    Map<String, JsonObject> byName = new java.util.HashMap<>();
    declared.fieldNames().forEach(n -> byName.put(n.toLowerCase(Locale.ROOT), doc.deref(declared.getJsonObject(n))));
    for (String h : x.responseHeaders().keySet()) {
      String name = h.toLowerCase(Locale.ROOT);
      if (STANDARD_HEADERS.contains(name)) {
        continue;
      }
      JsonObject header = byName.get(name);
      if (header == null) {
        out.add(where + ": header " + h + " is not declared");
        continue;
      }
      JsonObject schema = header.getJsonObject("schema");
      if (schema != null && "integer".equals(schema.getString("type"))) {
        for (String v : x.responseHeaders().get(h)) {
          if (!v.trim().matches("-?[0-9]+")) {
            out.add(where + ": header " + h + " is declared an integer, got '" + v + "'");
          }
        }
      }
    }
    byName.forEach((name, header) -> {
      if (header.getBoolean("required", false) && first(x.responseHeaders(), name) == null) {
        out.add(where + ": required header " + name + " is missing");
      }
    });
  }

  /** A request the server accepted must be one the document allows. */
  private void request(OpenApiDocument.Operation op, Exchange x, String where, List<String> out) {
    List<JsonObject> params = new ArrayList<>();
    JsonObject item = doc.root().getJsonObject("paths").getJsonObject(op.path());
    item.getJsonArray("parameters", new io.vertx.core.json.JsonArray()).forEach(p -> params.add(doc.deref((JsonObject) p)));
    op.model().getJsonArray("parameters", new io.vertx.core.json.JsonArray()).forEach(p -> params.add(doc.deref((JsonObject) p)));
    Set<String> query = new java.util.HashSet<>();
    String raw = x.uri().getRawQuery();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        query.add(java.net.URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8));
      }
    }
    for (String q : query) {
      if (params.stream().noneMatch(p -> "query".equals(p.getString("in")) && q.equals(p.getString("name")))) {
        out.add(where + ": the request's query parameter '" + q + "' is not declared");
      }
    }
    for (JsonObject p : params) {
      if (!p.getBoolean("required", false)) {
        continue;
      }
      String name = p.getString("name");
      boolean present = switch (p.getString("in")) {
        case "query" -> query.contains(name);
        case "header" -> first(x.requestHeaders(), name) != null;
        default -> true;
      };
      if (!present) {
        out.add(where + ": the request lacks the required " + p.getString("in") + " parameter " + name);
      }
    }
    JsonObject body = doc.deref(op.model().getJsonObject("requestBody"));
    String type = first(x.requestHeaders(), "content-type");
    if (body == null) {
      if (x.requestHasBody()) {
        out.add(where + ": the request has a body where none is declared");
      }
    } else if (x.requestHasBody() && type != null) {
      String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!body.getJsonObject("content").containsKey(base)) {
        out.add(where + ": the request's media type " + base + " is not declared");
      }
    } else if (body.getBoolean("required", false) && !x.requestHasBody()) {
      out.add(where + ": the request lacks its required body");
    }
  }

  static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
