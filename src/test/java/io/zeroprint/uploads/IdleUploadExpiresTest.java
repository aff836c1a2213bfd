package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.RawHttp;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An unfinished upload left idle expires: its bytes are zeroed, its job fails, its URL is gone. One
 * whose bytes are still arriving, however slowly, is not idle.
 */
class IdleUploadExpiresTest extends ServerTestBase {
  /** Short, yet long enough that a loaded machine holds the first chunk before the sweep may end it. */
  private static final int EXPIRY_SECONDS = 3;
  private static final byte[] IMAGE = TestImages.encode(TestImages.noise(64, 48, 3), "png");

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("uploads", new JsonObject().put("expirySeconds", EXPIRY_SECONDS));
  }

  @Test
  void anIdleUploadExpiresZeroedAndItsJobFailsAsExpired() throws Exception {
    Tus tus = new Tus(http, server.port(), TIMEOUT);
    HttpResponse<byte[]> created = tus.createWith(TOKEN, IMAGE.length, Map.of(), Arrays.copyOf(IMAGE, 1000));
    assertEquals(201, created.statusCode());
    String location = created.headers().firstValue("Location").orElseThrow();
    long zeroedBefore = server.store().stats().zeroedBytes();
    assertTrue(server.store().stats().inUseBytes() > 0, "the acknowledged bytes are held");
    String job = new JsonObject(new String(get("/v1/me/data").body())).getJsonArray("jobs").getJsonObject(0)
        .getString("id");

    JsonObject end = tus.lastEvent(TOKEN, job);
    assertEquals("failed", end.getString("state"), end.encode());
    assertEquals("upload_expired", end.getJsonObject("error").getString("code"));
    assertEquals(410, end.getJsonObject("error").getInteger("status"));
    assertBuffersReleased();
    assertTrue(server.store().stats().zeroedBytes() > zeroedBefore, "its segments were zeroed");
    assertEquals(404, tus.head(TOKEN, location).statusCode());
  }

  @Test
  void aChunkStillStreamingLongAfterTheExpiryIsNotCutOff() throws Exception {
    Tus tus = new Tus(http, server.port(), TIMEOUT);
    int first = 1000;
    HttpResponse<byte[]> created = tus.createWith(TOKEN, IMAGE.length, Map.of(), Arrays.copyOf(IMAGE, first));
    assertEquals(201, created.statusCode());
    String location = created.headers().firstValue("Location").orElseThrow();

    String job;
    int pieces = 12; // one every 600 ms: 7.2 s, over twice the expiry, with nothing acknowledged in between
    try (RawHttp raw = new RawHttp(server.port(), TIMEOUT)) {
      raw.head("PATCH " + location + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN
          + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " + first
          + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " + (IMAGE.length - first) + "\r\n");
      int step = (IMAGE.length - first + pieces - 1) / pieces;
      for (int from = first; from < IMAGE.length; from += step) {
        raw.body(Arrays.copyOfRange(IMAGE, from, Math.min(IMAGE.length, from + step)));
        Thread.sleep(600);
      }
      String answer = raw.readResponseHead();
      assertEquals(204, RawHttp.status(answer), answer);
      assertTrue(answer.toLowerCase(Locale.ROOT).contains("upload-offset: " + IMAGE.length), answer);
      job = answer.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("zeroprint-job:"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow(() -> new AssertionError(answer));
    }
    assertEquals("done", tus.lastEvent(TOKEN, job).getString("state"));
    assertTrue(tus.result(TOKEN, job).length > 0, "the whole image was enhanced");
    assertBuffersReleased();
  }
}
