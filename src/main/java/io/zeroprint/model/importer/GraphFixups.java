package io.zeroprint.model.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/**
 * Rewrites the ops the TF.js converter fuses or invents back into plain TensorFlow ops, keeping
 * each rewritten node's name on its last op so consumers stay wired:
 * <ul>
 *   <li>{@code _FusedConv2D}, {@code FusedDepthwiseConv2dNative}, {@code _FusedMatMul} → the
 *       convolution/matmul, {@code BiasAdd}, then the fused activation (TensorFlow's own optimiser
 *       fuses them again at load time where its CPU kernels can);</li>
 *   <li>{@code Prelu} (TF.js only) → {@code Relu(x) − α·Relu(−x)}.</li>
 * </ul>
 */
final class GraphFixups {
  private static final Set<String> CONV_ATTRS = Set.of("T", "strides", "padding", "explicit_paddings", "data_format",
      "dilations", "use_cudnn_on_gpu");
  private static final Set<String> DEPTHWISE_ATTRS = Set.of("T", "strides", "padding", "explicit_paddings",
      "data_format", "dilations");
  private static final Set<String> MATMUL_ATTRS = Set.of("T", "transpose_a", "transpose_b");
  /** TF.js writes {@code Prelu} without a {@code T}: it is float in every model it converts. */
  private static final AttrValue FLOAT = AttrValue.newBuilder().setType(org.tensorflow.proto.DataType.DT_FLOAT).build();
  private static final Set<String> SIMPLE_ACTIVATIONS = Set.of("Relu", "Relu6", "Elu", "Sigmoid", "Tanh");

  private GraphFixups() {}

  static List<NodeDef> apply(List<NodeDef> nodes) {
    List<NodeDef> out = new ArrayList<>(nodes.size());
    for (NodeDef n : nodes) {
      switch (n.getOp()) {
        case "_FusedConv2D" -> splitFused(n, "Conv2D", CONV_ATTRS, out);
        case "FusedDepthwiseConv2dNative" -> splitFused(n, "DepthwiseConv2dNative", DEPTHWISE_ATTRS, out);
        case "_FusedMatMul" -> splitFused(n, "MatMul", MATMUL_ATTRS, out);
        case "Prelu" -> prelu(n.getName(), n.getInput(0), n.getInput(1), n.getAttrOrDefault("T", FLOAT), controls(n, 2), out);
        default -> out.add(n);
      }
    }
    return out;
  }

  /** Inputs: x, filter, then one per fused op that takes an argument (bias, PReLU alpha). */
  private static void splitFused(NodeDef n, String baseOp, Set<String> keep, List<NodeDef> out) {
    List<String> ops = n.getAttrOrThrow("fused_ops").getList().getSList().stream().map(s -> s.toStringUtf8()).toList();
    if (ops.isEmpty() || !"BiasAdd".equals(ops.get(0)) || ops.size() > 2) {
      throw new IllegalArgumentException(n.getName() + ": unsupported fused ops " + ops);
    }
    AttrValue t = n.getAttrOrThrow("T");
    String base = n.getName() + "/" + baseOp;
    NodeDef.Builder conv = NodeDef.newBuilder().setName(base).setOp(baseOp).setDevice(n.getDevice())
        .addInput(n.getInput(0)).addInput(n.getInput(1));
    for (Map.Entry<String, AttrValue> a : n.getAttrMap().entrySet()) {
      if (keep.contains(a.getKey())) {
        conv.putAttr(a.getKey(), a.getValue());
      }
    }
    conv.addAllInput(controls(n, 0));
    out.add(conv.build());
    String activation = ops.size() == 2 ? ops.get(1) : null;
    String biasName = activation == null ? n.getName() : n.getName() + "/BiasAdd";
    NodeDef.Builder bias = NodeDef.newBuilder().setName(biasName).setOp("BiasAdd").setDevice(n.getDevice())
        .addInput(base).addInput(n.getInput(2)).putAttr("T", t);
    if (n.containsAttr("data_format") && !"MatMul".equals(baseOp)) {
      bias.putAttr("data_format", n.getAttrOrThrow("data_format"));
    }
    out.add(bias.build());
    if (activation == null) {
      return;
    }
    if ("Prelu".equals(activation)) {
      prelu(n.getName(), biasName, n.getInput(3), t, List.of(), out);
    } else if ("LeakyRelu".equals(activation)) {
      out.add(NodeDef.newBuilder().setName(n.getName()).setOp("LeakyRelu").setDevice(n.getDevice()).addInput(biasName)
          .putAttr("T", t).putAttr("alpha", n.getAttrOrThrow("leakyrelu_alpha")).build());
    } else if (SIMPLE_ACTIVATIONS.contains(activation)) {
      out.add(NodeDef.newBuilder().setName(n.getName()).setOp(activation).setDevice(n.getDevice()).addInput(biasName)
          .putAttr("T", t).build());
    } else {
      throw new IllegalArgumentException(n.getName() + ": unsupported fused activation " + activation);
    }
  }

  /** PReLU as plain ops: positive part minus α times the negative part. */
  private static void prelu(String name, String x, String alpha, AttrValue t, List<String> controls, List<NodeDef> out) {
    out.add(unary(name + "/pos", "Relu", x, t, controls));
    out.add(unary(name + "/negx", "Neg", x, t, controls));
    out.add(unary(name + "/neg", "Relu", name + "/negx", t, List.of()));
    out.add(binary(name + "/scaled", "Mul", alpha, name + "/neg", t));
    out.add(binary(name, "Sub", name + "/pos", name + "/scaled", t));
  }

  private static NodeDef unary(String name, String op, String x, AttrValue t, List<String> controls) {
    return NodeDef.newBuilder().setName(name).setOp(op).addInput(x).addAllInput(controls).putAttr("T", t).build();
  }

  private static NodeDef binary(String name, String op, String a, String b, AttrValue t) {
    return NodeDef.newBuilder().setName(name).setOp(op).addInput(a).addInput(b).putAttr("T", t).build();
  }

  /** Control inputs ({@code ^node}) past the data inputs, carried to the first op of a rewrite. */
  private static List<String> controls(NodeDef n, int from) {
    return n.getInputList().stream().skip(from).filter(i -> i.startsWith("^")).toList();
  }
}
