package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reference tus client (tus-js-client in Node) uploads rocket.jpg in small chunks through a proxy
 * that cuts the connection twice mid-PATCH; it resumes from the server's offset each time, and the
 * job it ends up with gives the same image as a one-shot upload.
 */
class TusJsClientResumesTest extends ServerTestBase {
  private static final Path SCRIPT = Path.of("src/test/tus/upload.mjs");
  private static final int CHUNK = 16 * 1024;

  @Test
  void tusJsClientResumesAfterTwoDropsAndItsJobEqualsAOneShotUpload() throws Exception {
    byte[] rocket = resource("images/rocket.jpg");
    Path file = Files.createTempFile("zeroprint-tus-rocket", ".jpg"); // the client's own copy, not the server's
    try (CuttingProxy proxy = new CuttingProxy(server.port(), 30_000, 75_000)) {
      Files.write(file, rocket);
      JsonObject out = node("http://127.0.0.1:" + proxy.port() + "/v1/uploads", file,
          new JsonObject().put("scale", "2").put("filename", "rocket.jpg"));

      assertEquals(2, proxy.cuts(), "the link dropped twice");
      List<Object> requests = out.getJsonArray("requests").getList();
      assertTrue(requests.stream().filter("HEAD"::equals).count() >= 2, "resumed from HEAD's offset: " + requests);
      String job = out.getString("job");
      assertTrue(job != null && !job.isEmpty(), out.encode());

      byte[] viaTus = new Tus(http, server.port(), TIMEOUT).result(TOKEN, job);
      HttpResponse<byte[]> oneShot = postRaw("/v1/enhance?scale=2", "image/jpeg", rocket);
      assertEquals(200, oneShot.statusCode());
      assertArrayEquals(oneShot.body(), viaTus, "the resumed upload's result equals the one-shot upload's");
    } finally {
      Files.deleteIfExists(file);
    }
    assertBuffersReleased();
  }

  private JsonObject node(String endpoint, Path file, JsonObject metadata) throws Exception {
    Process p = new ProcessBuilder(List.of("node", SCRIPT.toString(), endpoint, TOKEN, file.toString(),
        Integer.toString(CHUNK), metadata.encode())).redirectErrorStream(true).start();
    boolean ended = p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(ended, "node did not finish: " + output);
    assertEquals(0, p.exitValue(), output);
    return new JsonObject(output.substring(output.lastIndexOf('\n') + 1));
  }
}
