package io.zeroprint.model.importer;

import com.google.protobuf.ByteString;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A TF.js {@code modelTopology.node[]} entry (protobuf's JSON mapping of {@code NodeDef}) back to
 * the protobuf message. Written by hand instead of pulling in protobuf-java-util: the TF.js
 * converter adds fields of its own ({@code inputs}) that must be skipped, and only the attribute
 * kinds below occur in graph models. An attribute of any other kind is refused by name.
 */
final class NodeJson {

  private NodeJson() {}

  static NodeDef parse(JsonObject n) {
    NodeDef.Builder b = NodeDef.newBuilder().setName(n.getString("name")).setOp(n.getString("op"));
    JsonArray inputs = n.getJsonArray("input");
    if (inputs != null) {
      inputs.forEach(i -> b.addInput((String) i));
    }
    if (n.getString("device") != null) {
      b.setDevice(n.getString("device"));
    }
    JsonObject attrs = n.getJsonObject("attr", new JsonObject());
    for (String key : attrs.fieldNames()) {
      b.putAttr(key, attr(n.getString("name") + "." + key, attrs.getJsonObject(key)));
    }
    return b.build();
  }

  static AttrValue attr(String where, JsonObject a) {
    AttrValue.Builder b = AttrValue.newBuilder();
    if (a.containsKey("s")) {
      b.setS(bytes(a.getString("s")));
    } else if (a.containsKey("i")) {
      b.setI(Long.parseLong(String.valueOf(a.getValue("i"))));
    } else if (a.containsKey("f")) {
      b.setF(number(a.getValue("f")));
    } else if (a.containsKey("b")) {
      b.setB(a.getBoolean("b"));
    } else if (a.containsKey("type")) {
      b.setType(DataType.valueOf(a.getString("type")));
    } else if (a.containsKey("shape")) {
      b.setShape(shape(a.getJsonObject("shape")));
    } else if (a.containsKey("tensor")) {
      b.setTensor(tensor(where, a.getJsonObject("tensor")));
    } else if (a.containsKey("list")) {
      b.setList(list(where, a.getJsonObject("list")));
    } else if (a.containsKey("func")) {
      b.setFunc(func(where, a.getJsonObject("func")));
    } else if (a.containsKey("placeholder")) {
      b.setPlaceholder(a.getString("placeholder"));
    } else {
      throw new IllegalArgumentException(where + ": unsupported attribute " + a.fieldNames());
    }
    return b.build();
  }

  private static AttrValue.ListValue list(String where, JsonObject l) {
    AttrValue.ListValue.Builder b = AttrValue.ListValue.newBuilder();
    for (String kind : l.fieldNames()) {
      JsonArray items = l.getJsonArray(kind);
      for (Object v : items) {
        switch (kind) {
          case "s" -> b.addS(bytes((String) v));
          case "i" -> b.addI(Long.parseLong(String.valueOf(v)));
          case "f" -> b.addF(number(v));
          case "b" -> b.addB((Boolean) v);
          case "type" -> b.addType(DataType.valueOf((String) v));
          case "shape" -> b.addShape(shape((JsonObject) v));
          case "tensor" -> b.addTensor(tensor(where, (JsonObject) v));
          case "func" -> b.addFunc(func(where, (JsonObject) v));
          default -> throw new IllegalArgumentException(where + ": unsupported list attribute " + kind);
        }
      }
    }
    return b.build();
  }

  private static NameAttrList func(String where, JsonObject f) {
    NameAttrList.Builder b = NameAttrList.newBuilder().setName(f.getString("name"));
    JsonObject attrs = f.getJsonObject("attr", new JsonObject());
    for (String key : attrs.fieldNames()) {
      b.putAttr(key, attr(where + "." + key, attrs.getJsonObject(key)));
    }
    return b.build();
  }

  static TensorShapeProto shape(JsonObject s) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    if (s.getBoolean("unknownRank", false)) {
      b.setUnknownRank(true);
    }
    JsonArray dims = s.getJsonArray("dim");
    if (dims != null) {
      for (Object d : dims) {
        b.addDimBuilder().setSize(Long.parseLong(String.valueOf(((JsonObject) d).getValue("size", "0"))));
      }
    }
    return b.build();
  }

  /** Inline tensors (small constants the converter kept in the topology); weights come from the shards. */
  private static TensorProto tensor(String where, JsonObject t) {
    TensorProto.Builder b = TensorProto.newBuilder().setDtype(DataType.valueOf(t.getString("dtype")));
    if (t.containsKey("tensorShape")) {
      b.setTensorShape(shape(t.getJsonObject("tensorShape")));
    }
    for (String key : t.fieldNames()) {
      switch (key) {
        case "dtype", "tensorShape", "versionNumber" -> { }
        case "tensorContent" -> b.setTensorContent(bytes(t.getString(key)));
        case "floatVal" -> t.getJsonArray(key).forEach(v -> b.addFloatVal(number(v)));
        case "intVal" -> t.getJsonArray(key).forEach(v -> b.addIntVal(Integer.parseInt(String.valueOf(v))));
        case "int64Val" -> t.getJsonArray(key).forEach(v -> b.addInt64Val(Long.parseLong(String.valueOf(v))));
        case "boolVal" -> t.getJsonArray(key).forEach(v -> b.addBoolVal((Boolean) v));
        case "stringVal" -> t.getJsonArray(key).forEach(v -> b.addStringVal(bytes((String) v)));
        default -> throw new IllegalArgumentException(where + ": unsupported tensor field " + key);
      }
    }
    return b.build();
  }

  private static ByteString bytes(String base64) {
    return ByteString.copyFrom(Base64.getDecoder().decode(base64));
  }

  /** protobuf JSON writes non-finite floats as strings. */
  private static float number(Object v) {
    if (v instanceof Number n) {
      return n.floatValue();
    }
    return switch (String.valueOf(v)) {
      case "NaN" -> Float.NaN;
      case "Infinity" -> Float.POSITIVE_INFINITY;
      case "-Infinity" -> Float.NEGATIVE_INFINITY;
      default -> Float.parseFloat(String.valueOf(v));
    };
  }
}
