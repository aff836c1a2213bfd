package io.zeroprint.model.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * UpscalerJS's custom layers: {@code MultiplyBeta} multiplies by its {@code beta}, and
 * {@code PixelShuffle<s>x} is {@code tf.depthToSpace(x, s, 'NHWC')}: output pixel (s·i + a, s·j + b)
 * channel c is input pixel (i, j) channel (a·s + b)·C + c. An unknown custom layer is refused.
 */
class UpscalerJsLayersTest {
  private static final int H = 2;
  private static final int W = 3;
  private static final int S = 2;
  private static final float BETA = 0.5f;

  @Test
  void multiplyBetaAndPixelShuffleComputeWhatUpscalerJsComputes() {
    // A 1×1 convolution makes 12 channels: channel k = input channel k % 3 times (k + 1).
    float[] kernel = new float[3 * 12];
    for (int k = 0; k < 12; k++) {
      kernel[(k % 3) * 12 + k] = k + 1;
    }
    JsonObject model = model(new JsonArray()
        .add(layer("InputLayer", "input_1", null, new JsonObject()))
        .add(layer("Conv2D", "conv", "input_1", new JsonObject().put("kernel_size", new JsonArray().add(1).add(1))
            .put("strides", new JsonArray().add(1).add(1)).put("dilation_rate", new JsonArray().add(1).add(1))
            .put("padding", "same").put("use_bias", false).put("activation", "linear")))
        .add(layer("MultiplyBeta", "multiply_beta", "conv", new JsonObject().put("beta", BETA)))
        .add(layer("PixelShuffle2x", "pixel_shuffle", "multiply_beta", new JsonObject())), "pixel_shuffle");
    float[] x = new float[H * W * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    try (Graph g = new Graph()) {
      TfjsLayersConverter.Converted c = new TfjsLayersConverter(model,
          Map.of("conv/kernel", new WeightShards.Weight("DT_FLOAT", new long[] {1, 1, 3, 12}, bytes(kernel)))).convert(g);
      assertEquals(S, c.scale());
      assertEquals(0, c.receptiveRadius());
      float[] y = run(g, x);
      for (int i = 0; i < H; i++) {
        for (int j = 0; j < W; j++) {
          for (int a = 0; a < S; a++) {
            for (int b = 0; b < S; b++) {
              for (int ch = 0; ch < 3; ch++) {
                int k = (a * S + b) * 3 + ch;
                float want = BETA * (k + 1) * x[(i * W + j) * 3 + ch];
                assertEquals(want, y[(((S * i + a) * W * S) + S * j + b) * 3 + ch], 1e-5);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void anUnknownCustomLayerIsRefusedByName() {
    JsonObject model = model(new JsonArray().add(layer("InputLayer", "input_1", null, new JsonObject()))
        .add(layer("PixelUnshuffle2x", "odd", "input_1", new JsonObject())), "odd");
    try (Graph g = new Graph()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new TfjsLayersConverter(model, Map.of()).convert(g));
      assertTrue(e.getMessage().contains("odd") && e.getMessage().contains("PixelUnshuffle2x"), e.getMessage());
    }
  }

  private static float[] run(Graph g, float[] x) {
    try (Session s = new Session(g);
         TFloat32 in = TFloat32.tensorOf(Shape.of(1, H, W, 3))) {
      in.asRawTensor().data().asFloats().write(x, 0, x.length);
      try (Result r = s.runner().feed(TfjsLayersConverter.INPUT_NAME, in).fetch(TfjsLayersConverter.OUTPUT_NAME).run()) {
        TFloat32 out = (TFloat32) r.get(0);
        float[] y = new float[(int) out.shape().size()];
        out.asRawTensor().data().asFloats().read(y, 0, y.length);
        return y;
      }
    }
  }

  private static JsonObject model(JsonArray layers, String output) {
    return new JsonObject().put("modelTopology", new JsonObject().put("model_config", new JsonObject().put("config",
        new JsonObject().put("layers", layers)
            .put("output_layers", new JsonArray().add(new JsonArray().add(output).add(0).add(0))))));
  }

  private static JsonObject layer(String kind, String name, String inbound, JsonObject config) {
    JsonArray nodes = new JsonArray();
    if (inbound != null) {
      nodes.add(new JsonArray().add(new JsonArray().add(inbound).add(0).add(0).add(new JsonObject())));
    }
    return new JsonObject().put("class_name", kind).put("name", name).put("config", config.put("name", name))
        .put("inbound_nodes", nodes);
  }

  private static byte[] bytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }
}
