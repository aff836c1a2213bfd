package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** An upload that is not finished by the deadline is stopped with 408 and leaves nothing behind. */
class SlowSenderTest extends ServerTestBase {
  @Override
  protected JsonObject overrides() {
    JsonObject o = super.overrides();
    o.getJsonObject("limits").put("uploadDeadlineSeconds", 1);
    return o;
  }

  @Test
  void anUploadStalledPastTheDeadlineGets408() throws Exception {
    byte[] png = resource("images/chelsea.png");
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      raw.head("POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + authHeader() + "Content-Type: image/png\r\nContent-Length: "
          + png.length + "\r\n");
      raw.body(java.util.Arrays.copyOf(png, 1000));
      String head = raw.readResponseHead(); // the server answers by itself once the deadline passes
      assertEquals(408, RawHttp.status(head), head);
    }
    assertBuffersReleased();
  }
}
