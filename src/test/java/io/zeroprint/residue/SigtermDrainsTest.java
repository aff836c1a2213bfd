package io.zeroprint.residue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.RawHttp;
import io.zeroprint.TestImages;
import io.zeroprint.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A rolling update's SIGTERM, for real: {@code kill -TERM} while a request is being uploaded; the
 * client still gets its picture, and the process exits on its own with the JVM's status for SIGTERM
 * (143) once the work is delivered, well within the grace.
 */
class SigtermDrainsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int GRACE_SECONDS = 15;
  private static final int SIGTERM_STATUS = 128 + 15;
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(16, 16), "png");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  @Test
  void aTerminatedServerAnswersTheRequestInFlightAndExitsOnItsOwn() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of("ZEROPRINT_HTTP_PORT", "0",
        "ZEROPRINT_HTTP_INSTANCES", "1", "ZEROPRINT_SHUTDOWN_GRACE_SECONDS", String.valueOf(GRACE_SECONDS),
        "ZEROPRINT_MODELS_DIR", TestModels.bundledOnly().toAbsolutePath().toString())).awaitReady(TIMEOUT);
        RawHttp client = new RawHttp(server.port(), TIMEOUT)) {
      int half = IMAGE.length / 2;
      client.head("POST /v1/enhance HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.token()
          + "\r\nContent-Type: image/png\r\nContent-Length: " + IMAGE.length + "\r\nConnection: close\r\n");
      client.body(Arrays.copyOf(IMAGE, half));
      awaitStatus(server, "/v1/admin/status", 200, body -> new JsonObject(body).getJsonObject("buffers")
          .getLong("inUseBytes") > 0); // the upload is being received

      long signalled = System.nanoTime();
      assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(server.pid())).start().waitFor());
      awaitStatus(server, "/health/ready", 503, body -> true); // draining, still listening
      client.body(Arrays.copyOfRange(IMAGE, half, IMAGE.length));

      String answer = client.readAll();
      assertEquals(200, RawHttp.status(answer), answer.lines().findFirst().orElse(""));
      assertTrue(answer.contains("\r\n\r\n\u0089PNG"), "the picture came back");
      Integer status = server.awaitExit(Duration.ofSeconds(GRACE_SECONDS));
      assertEquals(SIGTERM_STATUS, status, "exit status; log:\n" + server.log());
      assertTrue(Duration.ofNanos(System.nanoTime() - signalled).toSeconds() < GRACE_SECONDS,
          "exited as soon as the work was delivered, not at the end of the grace");
      assertTrue(server.log().contains("drained: no image memory in use"), server.log());
    }
  }

  /** Polls {@code path} until it answers {@code status} with a body {@code ok} accepts; fails after the timeout. */
  private void awaitStatus(ServerProcess server, String path, int status, Predicate<String> ok) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
          .header("Authorization", "Bearer " + server.token()).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() == status && ok.test(resp.body())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + path + " to answer " + status);
  }
}
