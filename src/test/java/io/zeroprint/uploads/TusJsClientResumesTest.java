package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference tus client (tus-js-client in Node) uploads rocket.jpg in small chunks through a proxy
 * that cuts the connection twice mid-PATCH; it resumes from the server's offset each time, and the
 * job it ends up with gives the same image as a one-shot upload.
 */
class TusJsClientResumesTest extends ServerTestBase {
  private static final int CHUNK = 16 * 1024;

  @Test
  void tusJsClientResumesAfterTwoDropsAndItsJobEqualsAOneShotUpload() throws Exception {
    byte[] rocket = resource("images/rocket.jpg");
    try (CuttingProxy proxy = new CuttingProxy(server.port(), 30_000, 75_000)) {
      JsonObject out = TusJsClient.upload("http://127.0.0.1:" + proxy.port() + "/v1/uploads", TOKEN, rocket, CHUNK,
          new JsonObject().put("scale", "2").put("filename", "rocket.jpg"), TIMEOUT);

      assertEquals(2, proxy.cuts(), "the link dropped twice");
      List<Object> requests = out.getJsonArray("requests").getList();
      assertTrue(requests.stream().filter("HEAD"::equals).count() >= 2, "resumed from HEAD's offset: " + requests);
      String job = out.getString("job");
      assertTrue(job != null && !job.isEmpty(), out.encode());

      byte[] viaTus = new Tus(http, server.port(), TIMEOUT).result(TOKEN, job);
      HttpResponse<byte[]> oneShot = postRaw("/v1/enhance?scale=2", "image/jpeg", rocket);
      assertEquals(200, oneShot.statusCode());
      assertArrayEquals(oneShot.body(), viaTus, "the resumed upload's result equals the one-shot upload's");
    }
    assertBuffersReleased();
  }
}
