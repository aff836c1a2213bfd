package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference tus client (tus-js-client in Node, {@code src/test/tus/upload.mjs}): uploads a file in
 * chunks, resuming from the server's offset whenever a request breaks off, and answers one JSON
 * object — the upload URL, the job the last PATCH named, and every request made, in order.
 */
final class TusJsClient {
  private static final Path SCRIPT = Path.of("src/test/tus/upload.mjs");

  private TusJsClient() {}

  static JsonObject upload(String endpoint, String token, Path file, int chunkBytes, JsonObject metadata,
      Duration timeout) throws Exception {
    Process p = new ProcessBuilder(List.of("node", SCRIPT.toString(), endpoint, token, file.toString(),
        Integer.toString(chunkBytes), metadata.encode())).redirectErrorStream(true).start();
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
