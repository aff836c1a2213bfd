package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.zeroprint.contract.SseEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** tus 1.0.0 requests, one method per verb, as a client sends them over plain HTTP/1.1. */
public final class Tus {
  static final String OFFSET_STREAM = "application/offset+octet-stream";

  private final HttpClient http;
  private final int port;
  private final Duration timeout;

  public Tus(HttpClient http, int port, Duration timeout) {
    this.http = http;
    this.port = port;
    this.timeout = timeout;
  }

  public HttpResponse<byte[]> options(String token) {
    return send(base("/v1/uploads", token).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
  }

  /** POST with {@code Upload-Length} (null: none) and the options as metadata. */
  public HttpResponse<byte[]> create(String token, String length, Map<String, String> options) {
    HttpRequest.Builder b = base("/v1/uploads", token).header("Tus-Resumable", "1.0.0");
    if (length != null) {
      b.header("Upload-Length", length);
    }
    if (!options.isEmpty()) {
      b.header("Upload-Metadata", metadata(options));
    }
    return send(b.POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** creation-with-upload: the first chunk in the creation request. */
  public HttpResponse<byte[]> createWith(String token, long length, Map<String, String> options, byte[] first) {
    HttpRequest.Builder b = base("/v1/uploads", token).header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", Long.toString(length)).header("Content-Type", OFFSET_STREAM);
    if (!options.isEmpty()) {
      b.header("Upload-Metadata", metadata(options));
    }
    return send(b.POST(HttpRequest.BodyPublishers.ofByteArray(first)));
  }

  public HttpResponse<byte[]> head(String token, String location) {
    return send(base(location, token).header("Tus-Resumable", "1.0.0").method("HEAD", HttpRequest.BodyPublishers.noBody()));
  }

  public HttpResponse<byte[]> patch(String token, String location, long offset, byte[] bytes) {
    return patch(token, location, offset, bytes, null);
  }

  /** A PATCH with {@code checksumOf} (null: no checksum) as its {@code Upload-Checksum} content. */
  public HttpResponse<byte[]> patch(String token, String location, long offset, byte[] bytes, byte[] checksumOf) {
    HttpRequest.Builder b = base(location, token).header("Tus-Resumable", "1.0.0")
        .header("Upload-Offset", Long.toString(offset)).header("Content-Type", OFFSET_STREAM);
    if (checksumOf != null) {
      b.header("Upload-Checksum", "sha256 " + Base64.getEncoder().encodeToString(sha256(checksumOf)));
    }
    return send(b.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes)));
  }

  public HttpResponse<byte[]> delete(String token, String location) {
    return send(base(location, token).header("Tus-Resumable", "1.0.0").DELETE());
  }

  /** Creates an upload of {@code image} and sends it in chunks of {@code chunk} bytes; the last PATCH's answer. */
  public HttpResponse<byte[]> upload(String token, byte[] image, Map<String, String> options, int chunk) {
    HttpResponse<byte[]> created = create(token, Integer.toString(image.length), options);
    if (created.statusCode() != 201) {
      return created;
    }
    String location = created.headers().firstValue("Location").orElseThrow();
    HttpResponse<byte[]> last = created;
    for (int at = 0; at < image.length; at += chunk) {
      last = patch(token, location, at, Arrays.copyOfRange(image, at, Math.min(image.length, at + chunk)));
      if (last.statusCode() != 204) {
        return last;
      }
    }
    return last;
  }

  /** Follows a job's event stream to its last event. */
  public JsonObject lastEvent(String token, String job) {
    try {
      HttpResponse<Stream<String>> events = http.send(base("/v1/jobs/" + job + "/events", token).GET().build(),
          HttpResponse.BodyHandlers.ofLines());
      return SseEvents.of(events.body())
          .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no events for " + job));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the job to be done and fetches its one-time result. */
  public byte[] result(String token, String job) {
    JsonObject end = lastEvent(token, job);
    assertEquals("done", end.getString("state"), end.encode());
    HttpResponse<byte[]> r = send(base("/v1/jobs/" + job + "/result", token).GET());
    assertEquals(200, r.statusCode());
    return r.body();
  }

  static String metadata(Map<String, String> options) {
    return options.entrySet().stream().map(e -> e.getKey() + " "
        + Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))
        .collect(Collectors.joining(","));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder base(String path, String token) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout)
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b) {
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
