package io.zeroprint.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.WsClient;
import io.zeroprint.contract.SseEvents;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The four ways work comes in — synchronous HTTP, an HTTP job, a WebSocket submit, a resumable (tus)
 * upload — driven the way a client drives them, each to its end (result delivered, or refusal), with
 * one outcome shape.
 */
public final class Doors {
  /** How a request ended: the HTTP status (or the WebSocket error's), the problem code (null if it was served). */
  public record Outcome(int status, String code, String jobId, JsonObject detail) {
    public boolean served() {
      return code == null;
    }
  }

  public enum Door { SYNC, JOB, WEBSOCKET, TUS }

  private final HttpClient http;
  private final int port;
  private final Duration timeout;

  public Doors(HttpClient http, int port, Duration timeout) {
    this.http = http;
    this.port = port;
    this.timeout = timeout;
  }

  public Outcome submit(Door door, String token, Map<String, Object> options, byte[] image, Map<String, String> headers)
      throws Exception {
    return switch (door) {
      case SYNC -> sync(token, options, image, headers);
      case JOB -> job(token, options, image, headers);
      case WEBSOCKET -> webSocket(token, options, image, headers);
      case TUS -> tus(token, options, image, headers);
    };
  }

  /** Created with the options as metadata (admitted then), then the whole image in one PATCH. */
  private Outcome tus(String token, Map<String, Object> options, byte[] image, Map<String, String> headers)
      throws Exception {
    String metadata = options.entrySet().stream().map(e -> e.getKey() + " " + java.util.Base64.getEncoder()
        .encodeToString(String.valueOf(e.getValue()).getBytes(StandardCharsets.UTF_8))).collect(Collectors.joining(","));
    HttpRequest.Builder create = HttpRequest.newBuilder(uri("/v1/uploads")).timeout(timeout)
        .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", Integer.toString(image.length)).POST(HttpRequest.BodyPublishers.noBody());
    if (!metadata.isEmpty()) {
      create.header("Upload-Metadata", metadata);
    }
    headers.forEach(create::header);
    HttpResponse<byte[]> created = http.send(create.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (created.statusCode() != 201) {
      return fromHttp(created, null);
    }
    HttpRequest.Builder patch = HttpRequest.newBuilder(uri(created.headers().firstValue("Location").orElseThrow()))
        .timeout(timeout).header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
        .header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(image));
    HttpResponse<byte[]> last = http.send(patch.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (last.statusCode() != 204) {
      return fromHttp(last, null);
    }
    return followed(token, last.headers().firstValue("Zeroprint-Job").orElseThrow());
  }

  private Outcome sync(String token, Map<String, Object> options, byte[] image, Map<String, String> headers)
      throws Exception {
    HttpResponse<byte[]> r = http.send(post("/v1/enhance", token, options, image, headers),
        HttpResponse.BodyHandlers.ofByteArray());
    return fromHttp(r, r.headers().firstValue("Zeroprint-Request-Id").orElse(null));
  }

  private Outcome job(String token, Map<String, Object> options, byte[] image, Map<String, String> headers)
      throws Exception {
    HttpResponse<byte[]> r = http.send(post("/v1/jobs", token, options, image, headers),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 202) {
      return fromHttp(r, null);
    }
    return followed(token, new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getString("job"));
  }

  /** Follows an accepted job to its end and fetches its result. */
  private Outcome followed(String token, String id) throws Exception {
    JsonObject end = lastEvent(token, id);
    if (!"done".equals(end.getString("state"))) {
      JsonObject error = end.getJsonObject("error");
      return new Outcome(error.getInteger("status"), error.getString("code"), id, end);
    }
    HttpResponse<byte[]> result = http.send(HttpRequest.newBuilder(uri("/v1/jobs/" + id + "/result")).timeout(timeout)
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, result.statusCode(), "the job's result");
    return new Outcome(202, null, id, end);
  }

  private Outcome webSocket(String token, Map<String, Object> options, byte[] image, Map<String, String> headers)
      throws Exception {
    try (WsClient ws = new WsClient(port, token, timeout, headers)) {
      ws.send(new JsonObject().put("type", "submit").put("size", image.length).put("options", new JsonObject(options)));
      JsonObject first = ws.await(m -> "accepted".equals(m.getString("type")) || "error".equals(m.getString("type")));
      if ("error".equals(first.getString("type"))) {
        return new Outcome(first.getInteger("status"), first.getString("code"), null, first);
      }
      String id = first.getString("job");
      ws.sendBinary(image);
      JsonObject end = ws.await(m -> "result-end".equals(m.getString("type")) || "error".equals(m.getString("type")));
      if ("error".equals(end.getString("type"))) {
        return new Outcome(end.getInteger("status"), end.getString("code"), id, end);
      }
      return new Outcome(200, null, id, end);
    }
  }

  /** Follows the job's SSE stream to its last event. */
  JsonObject lastEvent(String token, String id) throws Exception {
    HttpResponse<java.util.stream.Stream<String>> events = http.send(HttpRequest.newBuilder(uri("/v1/jobs/" + id
        + "/events")).timeout(timeout).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofLines());
    return SseEvents.of(events.body())
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no events for " + id));
  }

  private HttpRequest post(String path, String token, Map<String, Object> options, byte[] image,
      Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path + query(options))).timeout(timeout)
        .header("Authorization", "Bearer " + token).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(image));
    headers.forEach(b::header);
    return b.build();
  }

  private static Outcome fromHttp(HttpResponse<byte[]> r, String jobId) {
    if (r.statusCode() / 100 == 2) {
      return new Outcome(r.statusCode(), null, jobId, new JsonObject());
    }
    JsonObject problem = ServerTestBase.assertProblem(r, r.statusCode(),
        new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getString("code"));
    return new Outcome(r.statusCode(), problem.getString("code"), jobId, problem
        .put("retryAfter", r.headers().firstValue("Retry-After").orElse(null)));
  }

  private java.net.URI uri(String pathAndQuery) {
    return java.net.URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  private static String query(Map<String, Object> options) {
    if (options.isEmpty()) {
      return "";
    }
    return "?" + options.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }
}
