package io.zeroprint.model.importer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Rebuilds a TF.js <em>layers</em> model (Keras functional config + weight shards) as a TensorFlow
 * graph. Only the layer kinds the ESRGAN family uses are supported; anything else is refused with
 * the layer's name, so a new model never converts to something silently wrong. Besides the Keras
 * built-ins, the two custom layers UpscalerJS registers for its RRDN models (esrgan-thick):
 * {@code MultiplyBeta} ({@code x · beta}) and {@code PixelShuffle<s>x} ({@code tf.depthToSpace(x, s, 'NHWC')},
 * TensorFlow's own DepthToSpace with the same channel order).
 */
public final class TfjsLayersConverter {

  /** Name of the graph input and of the signature's input key. */
  public static final String INPUT_NAME = "input";
  /** Class-name pattern of UpscalerJS's depth-to-space layer, e.g. {@code PixelShuffle4x}. */
  private static final Pattern PIXEL_SHUFFLE = Pattern.compile("PixelShuffle(\\d+)x");
  /** MultiplyBeta's factor when its config names none (UpscalerJS's constant). */
  private static final double DEFAULT_BETA = 0.2;

  /** Name of the graph output and of the signature's output key. */
  public static final String OUTPUT_NAME = "output";

  private final JsonObject modelJson;
  private final Map<String, WeightShards.Weight> weights;

  /** Result of a conversion: the graph's signature and facts the manifest records. */
  public record Converted(Signature signature, int scale, int receptiveRadius) {}

  TfjsLayersConverter(JsonObject modelJson, Map<String, WeightShards.Weight> weights) {
    this.modelJson = modelJson;
    this.weights = weights;
  }

  /** Builds the model into {@code graph}; returns the serving signature. */
  public Converted convert(Graph graph) {
    Ops tf = Ops.create(graph);
    JsonObject config = modelJson.getJsonObject("modelTopology").getJsonObject("model_config").getJsonObject("config");
    Map<String, Operand<TFloat32>> outputs = new HashMap<>();
    Map<String, Reach> reach = new HashMap<>();
    Placeholder<TFloat32> input = null;
    Map<String, Integer> consumers = consumerCounts(config.getJsonArray("layers"));
    // Upsamplings left to the convolution that reads them (see SubPixelConvolution): name → factor.
    Map<String, Integer> deferred = new HashMap<>();
    for (Object o : config.getJsonArray("layers")) {
      JsonObject layer = (JsonObject) o;
      String name = layer.getString("name");
      String kind = layer.getString("class_name");
      JsonObject c = layer.getJsonObject("config");
      List<String> inbound = inboundNames(layer);
      List<Operand<TFloat32>> in = new ArrayList<>();
      Reach r = Reach.ZERO;
      for (String n : inbound) {
        in.add(outputs.get(n));
        r = r.max(reach.get(n));
      }
      Operand<TFloat32> out;
      switch (kind) {
        case "InputLayer" -> {
          input = tf.withName(INPUT_NAME).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
          out = input;
        }
        case "Conv2D" -> {
          Integer factor = deferred.get(inbound.get(0));
          out = factor == null ? conv2d(tf, name, c, in.get(0)) : subPixelConv2d(tf, name, c, in.get(0), factor);
          r = r.grow(c.getJsonArray("kernel_size").getInteger(0));
        }
        case "Activation" -> out = activation(tf, name, c.getString("activation"), in.get(0));
        case "Concatenate" -> {
          int axis = c.getInteger("axis");
          if (axis != 3 && axis != -1) {
            throw unsupported(name, "concat axis " + axis);
          }
          out = tf.withName(name).concat(in, tf.constant(3));
        }
        case "Add" -> {
          out = in.get(0);
          for (int i = 1; i < in.size(); i++) {
            out = tf.withName(i == in.size() - 1 ? name : name + "_" + i).math.add(out, in.get(i));
          }
        }
        case "UpSampling2D" -> {
          if (foldsIntoNextConv(name, c, consumers, config.getJsonArray("layers"))) {
            deferred.put(name, c.getJsonArray("size").getInteger(0));
            out = in.get(0);
          } else {
            out = upsample(tf, name, c, in.get(0));
          }
          r = r.upsampled(c.getJsonArray("size").getInteger(0));
        }
        case "MultiplyBeta" -> out = tf.withName(name).math.mul(in.get(0),
            tf.withName(name + ".beta").constant((float) c.getDouble("beta", DEFAULT_BETA).doubleValue()));
        default -> {
          Matcher shuffle = PIXEL_SHUFFLE.matcher(kind);
          if (!shuffle.matches()) {
            throw unsupported(name, kind);
          }
          int factor = Integer.parseInt(shuffle.group(1));
          out = tf.withName(name).nn.depthToSpace(in.get(0), (long) factor);
          r = r.upsampled(factor);
        }
      }
      outputs.put(name, out);
      reach.put(name, r);
    }
    String outName = config.getJsonArray("output_layers").getJsonArray(0).getString(0);
    Operand<TFloat32> output = tf.withName(OUTPUT_NAME).identity(outputs.get(outName));
    Signature signature = Signature.builder().key(Signature.DEFAULT_KEY)
        .input(INPUT_NAME, input).output(OUTPUT_NAME, output).build();
    Reach last = reach.get(outName);
    return new Converted(signature, last.scale, (int) Math.ceil(last.radius));
  }

  private Operand<TFloat32> conv2d(Ops tf, String name, JsonObject c, Operand<TFloat32> x) {
    checkPlainConv(name, c);
    Operand<TFloat32> kernel = constant(tf, name + "/kernel");
    Operand<TFloat32> y = tf.withName(name + ".conv").nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L),
        c.getString("padding").toUpperCase(java.util.Locale.ROOT));
    if (c.getBoolean("use_bias", true)) {
      y = tf.withName(name + ".bias_add").nn.biasAdd(y, constant(tf, name + "/bias"));
    }
    return activation(tf, name + ".act", c.getString("activation", "linear"), y);
  }

  /**
   * A "same" convolution after a nearest upsampling, computed at the low resolution and moved into
   * place with a depth-to-space (same sums, see {@link SubPixelConvolution}).
   */
  private Operand<TFloat32> subPixelConv2d(Ops tf, String name, JsonObject c, Operand<TFloat32> x, int s) {
    checkPlainConv(name, c);
    WeightShards.Weight kw = weights.get(name + "/kernel");
    long[] shape = kw.shape();
    int k = (int) shape[0];
    int in = (int) shape[2];
    int outCh = (int) shape[3];
    float[] bias = c.getBoolean("use_bias", true) ? floats(name + "/bias") : null;
    SubPixelConvolution.Weights w = SubPixelConvolution.rewrite(floats(name + "/kernel"), k, in, outCh, bias, s);
    int side = w.side();
    Operand<TFloat32> kernel = tf.withName(name + ".subpixel_kernel")
        .constant(Shape.of(side, side, in, (long) s * s * outCh), DataBuffers.of(w.kernel(), true, false));
    Operand<TFloat32> y = tf.withName(name + ".conv").nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
    if (w.bias() != null) {
      y = tf.withName(name + ".bias_add").nn.biasAdd(y, tf.withName(name + ".subpixel_bias")
          .constant(Shape.of(w.bias().length), DataBuffers.of(w.bias(), true, false)));
    }
    y = activation(tf, name + ".act", c.getString("activation", "linear"), y); // element-wise: commutes with the move
    return tf.withName(name + ".depth_to_space").nn.depthToSpace(y, (long) s);
  }

  /**
   * An upsampling is left to the convolution after it when that convolution is its only reader and
   * a plain odd-sized "same" convolution, and the upsampling is nearest with equal factors.
   */
  private static boolean foldsIntoNextConv(String name, JsonObject c, Map<String, Integer> consumers, JsonArray layers) {
    JsonArray size = c.getJsonArray("size");
    if (!"nearest".equals(c.getString("interpolation", "nearest")) || !size.getInteger(0).equals(size.getInteger(1))
        || consumers.getOrDefault(name, 0) != 1) {
      return false;
    }
    for (Object o : layers) {
      JsonObject layer = (JsonObject) o;
      if (inboundNames(layer).contains(name)) {
        JsonObject lc = layer.getJsonObject("config");
        return "Conv2D".equals(layer.getString("class_name")) && "same".equals(lc.getString("padding"))
            && lc.getJsonArray("kernel_size").getInteger(0) % 2 == 1
            && lc.getJsonArray("kernel_size").getInteger(0).equals(lc.getJsonArray("kernel_size").getInteger(1));
      }
    }
    return false;
  }

  private static Map<String, Integer> consumerCounts(JsonArray layers) {
    Map<String, Integer> counts = new HashMap<>();
    for (Object o : layers) {
      for (String n : inboundNames((JsonObject) o)) {
        counts.merge(n, 1, Integer::sum);
      }
    }
    return counts;
  }

  private static Operand<TFloat32> activation(Ops tf, String name, String kind, Operand<TFloat32> x) {
    return switch (kind) {
      case "linear" -> x;
      case "relu" -> tf.withName(name).nn.relu(x);
      default -> throw unsupported(name, "activation " + kind);
    };
  }

  private static Operand<TFloat32> upsample(Ops tf, String name, JsonObject c, Operand<TFloat32> x) {
    JsonArray size = c.getJsonArray("size");
    if (!"nearest".equals(c.getString("interpolation", "nearest"))) {
      throw unsupported(name, "interpolation " + c.getString("interpolation"));
    }
    Operand<TInt32> hw = tf.stridedSlice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {3}),
        tf.constant(new int[] {1}));
    Operand<TInt32> target = tf.math.mul(hw, tf.constant(new int[] {size.getInteger(0), size.getInteger(1)}));
    return tf.withName(name).image.resizeNearestNeighbor(x, target);
  }

  private static void checkPlainConv(String name, JsonObject c) {
    JsonArray strides = c.getJsonArray("strides");
    JsonArray dilation = c.getJsonArray("dilation_rate");
    if (strides.getInteger(0) != 1 || strides.getInteger(1) != 1 || dilation.getInteger(0) != 1 || dilation.getInteger(1) != 1) {
      throw unsupported(name, "strided or dilated convolution");
    }
    if (!"channels_last".equals(c.getString("data_format", "channels_last"))) {
      throw unsupported(name, "data_format " + c.getString("data_format"));
    }
  }

  private Operand<TFloat32> constant(Ops tf, String weightName) {
    return tf.withName(weightName.replace('/', '.')).constant(Shape.of(weights.get(weightName).shape()),
        DataBuffers.of(floats(weightName), true, false));
  }

  private float[] floats(String weightName) {
    WeightShards.Weight w = weights.get(weightName);
    if (w == null || !"DT_FLOAT".equals(w.dtype())) {
      throw new IllegalArgumentException("float weight missing from the shards: " + weightName);
    }
    float[] values = new float[w.content().length / Float.BYTES];
    ByteBuffer.wrap(w.content()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  private static List<String> inboundNames(JsonObject layer) {
    List<String> names = new ArrayList<>();
    JsonArray nodes = layer.getJsonArray("inbound_nodes");
    if (nodes != null && !nodes.isEmpty()) {
      for (Object in : nodes.getJsonArray(0)) {
        names.add(((JsonArray) in).getString(0));
      }
    }
    return names;
  }

  private static IllegalArgumentException unsupported(String layer, String what) {
    return new IllegalArgumentException("layer " + layer + ": unsupported " + what);
  }

  /**
   * How far (in input pixels) an output pixel can see, and the scale so far. Tiling needs the
   * radius: tiles overlapping by at least this much stitch to exactly the untiled result.
   */
  private record Reach(double radius, int scale) {
    static final Reach ZERO = new Reach(0, 1);

    Reach grow(int kernel) {
      return new Reach(radius + (kernel - 1) / 2.0 / scale, scale);
    }

    Reach upsampled(int factor) {
      return new Reach(radius, scale * factor);
    }

    Reach max(Reach other) {
      return new Reach(Math.max(radius, other.radius), Math.max(scale, other.scale));
    }
  }
}
