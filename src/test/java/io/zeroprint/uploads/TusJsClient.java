package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference tus client (tus-js-client in Node, {@code src/test/tus/upload.mjs}): uploads the
 * photo it is piped in chunks, resuming from the server's offset whenever a request breaks off, and
 * answers one JSON object — the upload URL, the job the last PATCH named, and every request made, in
 * order. The photo goes through the process's standard input: no image file is written for it.
 */
final class TusJsClient {
  private static final Path SCRIPT = Path.of("src/test/tus/upload.mjs");

  private TusJsClient() {}

  static JsonObject upload(String endpoint, String token, byte[] photo, int chunkBytes, JsonObject metadata,
      Duration timeout) throws Exception {
    Process p = new ProcessBuilder(List.of("node", SCRIPT.toString(), endpoint, token,
        Integer.toString(chunkBytes), metadata.encode())).redirectErrorStream(true).start();
    // Fed on its own thread, so that a client that never reads is still bounded by the timeout below.
    Thread feeder = new Thread(() -> {
      try (OutputStream stdin = p.getOutputStream()) {
        stdin.write(photo);
      } catch (IOException e) {
        // node ended before reading it all: its output says why
      }
    }, "tus-client-stdin");
    feeder.setDaemon(true);
    feeder.start();
    boolean ended = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(ended, "node did not finish: " + output);
    assertEquals(0, p.exitValue(), output);
    return new JsonObject(output.substring(output.lastIndexOf('\n') + 1));
  }
}
