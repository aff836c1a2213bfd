package io.zeroprint.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Requests with Do-Not-Track or Global Privacy Control never move the usage counters. */
class AnalyticsHonoursOptOutTest extends ServerTestBase {
  private static final String SERIES = "zeroprint_usage_requests_total{effect=\"upscale\",scale=\"2\",size=\"lt_1mib\"}";
  private static final byte[] SMALL = TestImages.encode(TestImages.gradient(16, 16), "png");

  @Test
  void doNotTrackAndGpcRequestsAreNotCountedOthersAre() {
    double before = usage();

    assertEquals(200, enhance("DNT", "1"));
    assertEquals(200, enhance("Sec-GPC", "1"));
    assertEquals(before, usage());

    assertEquals(200, enhance("X-Nothing", "1"));
    assertEquals(before + 1, usage());
    assertBuffersReleased();
  }

  private int enhance(String header, String value) {
    return send(request("/v1/enhance").header(header, value).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(SMALL)).build()).statusCode();
  }

  private double usage() {
    String text = new String(get("/metrics").body(), StandardCharsets.UTF_8);
    return text.lines().filter(l -> l.startsWith(SERIES + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
        .findFirst().orElse(0);
  }
}
