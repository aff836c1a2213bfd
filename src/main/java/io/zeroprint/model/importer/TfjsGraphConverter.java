package io.zeroprint.model.importer;

import com.google.protobuf.ByteString;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;

/**
 * Rebuilds a TF.js <em>graph</em> model as a TensorFlow graph: the {@code modelTopology} nodes
 * become a {@code GraphDef}, every {@code Const} whose value the converter moved into the weight
 * shards gets it back, and TF.js-only ops are rewritten ({@link GraphFixups}). The signature keeps
 * the model's own input and output keys, made safe as names ({@code input:0} → {@code input}).
 */
public final class TfjsGraphConverter {
  private final JsonObject modelJson;
  private final Map<String, WeightShards.Weight> weights;

  TfjsGraphConverter(JsonObject modelJson, Map<String, WeightShards.Weight> weights) {
    this.modelJson = modelJson;
    this.weights = weights;
  }

  /** Imports the model into {@code graph}; returns its serving signature. */
  public Signature convert(Graph graph) {
    JsonObject topology = modelJson.getJsonObject("modelTopology");
    JsonObject library = topology.getJsonObject("library");
    if (library != null && !library.isEmpty()) {
      throw new IllegalArgumentException("graph models with a function library are not supported");
    }
    List<NodeDef> nodes = new ArrayList<>();
    int filled = 0;
    for (Object o : topology.getJsonArray("node")) {
      NodeDef n = NodeJson.parse((JsonObject) o);
      WeightShards.Weight w = weights.get(n.getName());
      if (w != null && "Const".equals(n.getOp())) {
        n = withValue(n, w);
        filled++;
      }
      nodes.add(n);
    }
    if (filled != weights.size()) {
      throw new IllegalArgumentException((weights.size() - filled) + " weights match no Const node");
    }
    GraphDef.Builder def = GraphDef.newBuilder().addAllNode(GraphFixups.apply(nodes));
    JsonObject versions = topology.getJsonObject("versions");
    if (versions != null && versions.containsKey("producer")) {
      def.setVersions(VersionDef.newBuilder().setProducer(Integer.parseInt(String.valueOf(versions.getValue("producer")))));
    }
    graph.importGraphDef(def.build());
    return signature(graph);
  }

  private static NodeDef withValue(NodeDef n, WeightShards.Weight w) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : w.shape()) {
      shape.addDimBuilder().setSize(d);
    }
    DataType type = DataType.valueOf(w.dtype());
    TensorProto value = TensorProto.newBuilder().setDtype(type).setTensorShape(shape)
        .setTensorContent(ByteString.copyFrom(w.content())).build();
    return n.toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(value).build())
        .putAttr("dtype", AttrValue.newBuilder().setType(type).build()).build();
  }

  /** TF.js puts the signature at the top level, or (older converters) under user metadata. */
  private Signature signature(Graph graph) {
    JsonObject sig = modelJson.getJsonObject("signature");
    if (sig == null || sig.isEmpty()) {
      sig = modelJson.getJsonObject("userDefinedMetadata", new JsonObject()).getJsonObject("signature");
    }
    if (sig == null) {
      throw new IllegalArgumentException("model.json has no signature");
    }
    Signature.Builder b = Signature.builder().key(Signature.DEFAULT_KEY);
    for (Map.Entry<String, Object> e : sig.getJsonObject("inputs")) {
      b.input(key(e.getKey()), output(graph, ((JsonObject) e.getValue()).getString("name")));
    }
    for (Map.Entry<String, Object> e : sig.getJsonObject("outputs")) {
      b.output(key(e.getKey()), output(graph, ((JsonObject) e.getValue()).getString("name")));
    }
    return b.build();
  }

  /** A signature key as a plain name: the tensor suffix dropped, other symbols as {@code _}. */
  public static String key(String raw) {
    return raw.replaceFirst(":0$", "").replaceAll("[^A-Za-z0-9_]", "_");
  }

  private static Operand<?> output(Graph graph, String tensor) {
    int colon = tensor.lastIndexOf(':');
    String op = colon < 0 ? tensor : tensor.substring(0, colon);
    int index = colon < 0 ? 0 : Integer.parseInt(tensor.substring(colon + 1));
    GraphOperation operation = graph.operation(op);
    if (operation == null) {
      throw new IllegalArgumentException("signature names a missing tensor " + tensor);
    }
    return operation.output(index);
  }
}
