package io.zeroprint.model.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weight decoding the bundled models do not all exercise: uint8/uint16 dequantisation and float16 edge values. */
class WeightShardsTest {

  @Test
  void quantisedWeightsAreRestoredAsQTimesScalePlusMin() throws Exception {
    JsonArray manifest = manifest(
        weight("u8", "float32", 3).put("quantization", new JsonObject().put("dtype", "uint8").put("scale", 0.5).put("min", -1)),
        weight("u16", "float32", 2).put("quantization", new JsonObject().put("dtype", "uint16").put("scale", 0.25).put("min", 2)));
    byte[] shard = {0, 2, (byte) 255, 4, 0, (byte) 0xff, (byte) 0xff};
    Map<String, WeightShards.Weight> w = WeightShards.read(manifest, p -> shard);
    assertArrayEquals(new float[] {-1f, 0f, 126.5f}, floats(w.get("u8")));
    assertArrayEquals(new float[] {3f, 65535 * 0.25f + 2}, floats(w.get("u16")));
    assertEquals("DT_FLOAT", w.get("u8").dtype());
  }

  @Test
  void float16WeightsWidenExactlyIncludingSubnormalsAndSigns() throws Exception {
    short[] halves = {0x3c00, (short) 0xc000, 0x0001, 0x7bff, 0};
    ByteBuffer b = ByteBuffer.allocate(halves.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short h : halves) {
      b.putShort(h);
    }
    JsonArray manifest = manifest(weight("h", "float32", halves.length)
        .put("quantization", new JsonObject().put("dtype", "float16")));
    Map<String, WeightShards.Weight> w = WeightShards.read(manifest, p -> b.array());
    assertArrayEquals(new float[] {1f, -2f, 0x1p-24f, 65504f, 0f}, floats(w.get("h")));
  }

  @Test
  void shardsLongerThanTheManifestSaysAreRefused() {
    JsonArray manifest = manifest(weight("x", "int32", 1));
    assertThrows(IllegalArgumentException.class, () -> WeightShards.read(manifest, p -> new byte[8]));
  }

  private static JsonArray manifest(JsonObject... weights) {
    JsonArray list = new JsonArray();
    for (JsonObject w : weights) {
      list.add(w);
    }
    return new JsonArray().add(new JsonObject().put("paths", new JsonArray().add("shard")).put("weights", list));
  }

  private static JsonObject weight(String name, String dtype, int n) {
    return new JsonObject().put("name", name).put("dtype", dtype).put("shape", new JsonArray().add(n));
  }

  private static float[] floats(WeightShards.Weight w) {
    float[] f = new float[w.content().length / Float.BYTES];
    ByteBuffer.wrap(w.content()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }
}
