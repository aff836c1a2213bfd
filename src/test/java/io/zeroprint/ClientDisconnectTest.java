package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client that vanishes mid-upload or mid-inference leaves no buffer and no job behind. */
class ClientDisconnectTest extends ServerTestBase {

  @Test
  void aClientThatDisconnectsMidUploadLeavesNoBufferBehind() throws Exception {
    byte[] png = resource("images/astronaut.png");
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      raw.head("POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + authHeader() + "Content-Type: image/png\r\nContent-Length: " + png.length + "\r\n");
      raw.body(java.util.Arrays.copyOf(png, png.length / 2));
      server.store().whenInUse(bytes -> bytes > 0).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    assertBuffersReleased();
    assertHealthyAndWorking();
  }

  @Test
  void aClientThatDisconnectsMidInferenceCancelsItsJob() throws Exception {
    byte[] jpeg = resource("images/rocket.jpg");
    CountDownLatch dispatched = jobsDispatched(1);
    double cancelledBefore = metric("zeroprint_jobs_total{outcome=\"cancelled\"}");
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      raw.head("POST /v1/enhance?scale=4 HTTP/1.1\r\nHost: t\r\n" + authHeader() + "Content-Type: image/jpeg\r\nContent-Length: "
          + jpeg.length + "\r\n");
      raw.body(jpeg);
      await(dispatched, "the first job to reach the worker");
    }

    assertBuffersReleased();
    assertEquals(cancelledBefore + 1, metric("zeroprint_jobs_total{outcome=\"cancelled\"}"));
    assertHealthyAndWorking();
  }

  private void assertHealthyAndWorking() {
    assertEquals(200, get("/health/ready").statusCode());
    var resp = postRaw("/v1/enhance", "image/png", TestImages.encode(TestImages.gradient(32, 32), "png"));
    assertEquals(200, resp.statusCode());
    assertBuffersReleased();
  }
}
