package io.zeroprint.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An unfinished upload left idle expires: its bytes are zeroed, its job fails, its URL is gone. */
class IdleUploadExpiresTest extends ServerTestBase {
  private static final int EXPIRY_SECONDS = 1;
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
}
