package io.zeroprint.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.model.importer.TfjsGraphConverter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** A tfjs reference fixture: input.png, its normalisation, and each output as little-endian float32. */
public final class GoldenFixture {
  /** "x = px / 127.5 - 1" or "x = px / 255". */
  private static final Pattern NORMALISATION = Pattern.compile("x = px / ([0-9.]+)(?: - ([0-9.]+))?");

  private GoldenFixture() {}

  /**
   * Runs {@code model} on the fixture's input and checks every output within its tolerance: an
   * absolute 1e-3 for values up to 1, relative beyond (BlazeFace's raw logits reach −291, where
   * float32 accumulation order alone moves the fourth decimal; tfjs's own cpu and wasm backends
   * differ there by 1.2e-3).
   */
  public static void assertAgrees(GraphModel model, String dir) {
    JsonObject expected = new JsonObject(new String(ServerTestBase.resource(dir + "/expected.json"), StandardCharsets.UTF_8));
    JsonObject input = expected.getJsonObject("input");
    Matcher m = NORMALISATION.matcher(input.getString("normalisation"));
    assertTrue(m.find(), input.getString("normalisation"));
    double divisor = Double.parseDouble(m.group(1));
    double offset = m.group(2) == null ? 0 : Double.parseDouble(m.group(2));
    BufferedImage png = read(ServerTestBase.resource(dir + "/" + input.getString("file")));
    int h = png.getHeight();
    int w = png.getWidth();
    float[] in = new float[h * w * 3];
    for (int y = 0, i = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = png.getRGB(x, y);
        for (int shift = 16; shift >= 0; shift -= 8) {
          in[i++] = (float) (((rgb >> shift) & 0xff) / divisor - offset);
        }
      }
    }
    Map<String, float[]> outputs = new LinkedHashMap<>();
    Map<String, float[]> wanted = new LinkedHashMap<>();
    for (Object o : expected.getJsonArray("outputs")) {
      JsonObject out = (JsonObject) o;
      String key = TfjsGraphConverter.key(out.getString("key"));
      float[] ref = floats(ServerTestBase.resource(dir + "/" + out.getString("file")));
      wanted.put(key, ref);
      outputs.put(key, new float[ref.length]);
    }
    model.run(in, h, w, 3, outputs);
    double tolerance = expected.getJsonObject("tolerance").getDouble("maxAbsDiff");
    wanted.forEach((key, ref) -> {
      float[] got = outputs.get(key);
      double max = 0;
      for (int i = 0; i < ref.length; i++) {
        max = Math.max(max, Math.abs(ref[i] - got[i]) / Math.max(1, Math.abs(ref[i])));
      }
      assertTrue(max <= tolerance, dir + " output " + key + ": max scaled diff " + max + " > " + tolerance);
    });
    assertEquals(wanted.size(), outputs.size());
  }

  private static float[] floats(byte[] le) {
    float[] f = new float[le.length / Float.BYTES];
    ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  private static BufferedImage read(byte[] png) {
    try {
      return ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
