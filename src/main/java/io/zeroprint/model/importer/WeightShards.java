package io.zeroprint.model.importer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights a TF.js {@code weightsManifest} describes, decoded from its shards into little-endian
 * tensor bytes TensorFlow reads directly: float16 widened to float32, uint8/uint16 quantised
 * weights restored as {@code q·scale + min} (the TF.js converter's affine quantisation).
 * Each group's shards are one byte stream, read in manifest order.
 */
final class WeightShards {

  /** One decoded weight: TensorFlow dtype name ({@code DT_FLOAT}, {@code DT_INT32}), shape, raw LE bytes. */
  record Weight(String dtype, long[] shape, byte[] content) {}

  /** Reads a group's concatenated shard bytes; {@code path} is as written in the manifest. */
  @FunctionalInterface
  interface ShardReader {
    byte[] read(String path) throws java.io.IOException;
  }

  private WeightShards() {}

  static Map<String, Weight> read(JsonArray manifest, ShardReader shards) throws java.io.IOException {
    Map<String, Weight> out = new LinkedHashMap<>();
    for (Object g : manifest) {
      JsonObject group = (JsonObject) g;
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      for (Object path : group.getJsonArray("paths")) {
        bytes.writeBytes(shards.read((String) path));
      }
      ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
      for (Object w : group.getJsonArray("weights")) {
        JsonObject spec = (JsonObject) w;
        out.put(spec.getString("name"), decode(spec, buf));
      }
      if (buf.hasRemaining()) {
        throw new IllegalArgumentException("weight shards hold " + buf.remaining() + " bytes the manifest does not describe");
      }
    }
    return out;
  }

  private static Weight decode(JsonObject spec, ByteBuffer buf) {
    String name = spec.getString("name");
    JsonArray dims = spec.getJsonArray("shape");
    long[] shape = new long[dims.size()];
    int count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.getLong(i);
      count = Math.multiplyExact(count, (int) shape[i]);
    }
    String dtype = spec.getString("dtype");
    JsonObject q = spec.getJsonObject("quantization");
    if (q == null) {
      switch (dtype) {
        case "float32", "int32" -> {
          byte[] raw = new byte[count * Float.BYTES];
          buf.get(raw);
          return new Weight(tfType(name, dtype), shape, raw);
        }
        default -> throw unsupported(name, "dtype " + dtype);
      }
    }
    String qType = q.getString("dtype");
    ByteBuffer out = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    switch (qType) {
      case "float16" -> {
        for (int i = 0; i < count; i++) {
          out.putFloat(Half.toFloat(buf.getShort()));
        }
      }
      case "uint8", "uint16" -> {
        float scale = q.getFloat("scale");
        float min = q.getFloat("min");
        boolean wide = "uint16".equals(qType);
        for (int i = 0; i < count; i++) {
          int v = wide ? Short.toUnsignedInt(buf.getShort()) : Byte.toUnsignedInt(buf.get());
          if ("int32".equals(dtype)) {
            out.putInt(Math.round(v * scale + min));
          } else {
            out.putFloat(v * scale + min);
          }
        }
      }
      default -> throw unsupported(name, "quantisation " + qType);
    }
    return new Weight(tfType(name, dtype), shape, out.array());
  }

  private static String tfType(String name, String dtype) {
    return switch (dtype) {
      case "float32" -> "DT_FLOAT";
      case "int32" -> "DT_INT32";
      default -> throw unsupported(name, "dtype " + dtype);
    };
  }

  private static IllegalArgumentException unsupported(String weight, String what) {
    return new IllegalArgumentException("weight " + weight + ": unsupported " + what);
  }

  /** IEEE 754 half → float (Java 17 has no {@code Float.float16ToFloat}). */
  static final class Half {
    private static final int EXP_MASK = 0x1f;
    private static final int MANT_BITS = 10;
    private static final int MANT_MASK = 0x3ff;
    private static final int EXP_BIAS_DIFF = 127 - 15;

    private Half() {}

    static float toFloat(short h) {
      int bits = h & 0xffff;
      int sign = (bits >>> 15) << 31;
      int exp = (bits >>> MANT_BITS) & EXP_MASK;
      int mant = bits & MANT_MASK;
      if (exp == EXP_MASK) { // inf / NaN
        return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
      }
      if (exp == 0) { // zero / subnormal: mant · 2^-24
        float v = mant * 0x1p-24f;
        return sign == 0 ? v : -v;
      }
      return Float.intBitsToFloat(sign | ((exp + EXP_BIAS_DIFF) << 23) | (mant << 13));
    }
  }
}
