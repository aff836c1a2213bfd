package io.zeroprint.contract;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AsyncAPI contract of {@code /v1/ws} and the job event streams, read from the classpath as the
 * server ships it, turned into checks: each text message is picked by its {@code type} among the
 * messages the document lets that side send and validated against the message's JSON Schema; binary
 * messages against their declared size; SSE events field by field. A check returns what broke the
 * contract (empty: kept). The document is read once per test JVM.
 */
public final class AsyncContract {
  public static final String DOCUMENT = "contract/asyncapi.yaml";
  static final String WEB_SOCKET = "/v1/ws";
  static final String JOB_EVENTS = "/v1/jobs/{id}/events";
  private static final AsyncContract INSTANCE = new AsyncContract();

  private final JsonObject doc;
  /** Text messages' schema files by {@code type}: what the server may send on the socket, and what a client may. */
  private final Map<String, String> serverTexts = new LinkedHashMap<>();
  private final Map<String, String> clientTexts = new LinkedHashMap<>();
  private long serverBinaryMax = -1;
  private long clientBinaryMax = -1;
  private String sseFields;
  private String sseData;
  private String sseComment;
  /** Every message type the server was seen sending in this JVM. */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  private AsyncContract() {
    doc = ContractSchemas.yaml(DOCUMENT);
    JsonObject operations = doc.getJsonObject("operations");
    for (String name : operations.fieldNames()) {
      JsonObject op = operations.getJsonObject(name);
      boolean serverSends = "send".equals(op.getString("action"));
      String address = resolve(op.getJsonObject("channel")).getString("address");
      for (Object ref : op.getJsonArray("messages", new JsonArray())) {
        add(address, serverSends, resolve((JsonObject) ref));
      }
    }
    if (serverTexts.isEmpty() || clientTexts.isEmpty() || serverBinaryMax < 0 || clientBinaryMax < 0
        || sseFields == null || sseData == null || sseComment == null) {
      throw new IllegalStateException(DOCUMENT + " does not declare every kind of message the checks expect");
    }
  }

  public static AsyncContract get() {
    return INSTANCE;
  }

  private void add(String address, boolean serverSends, JsonObject message) {
    JsonObject payload = message.getJsonObject("payload");
    if (address.equals(WEB_SOCKET)) {
      if ("binary".equals(payload.getString("format"))) {
        long max = payload.getLong("maxLength");
        if (serverSends) {
          serverBinaryMax = max;
        } else {
          clientBinaryMax = max;
        }
        return;
      }
      String schema = schema(payload);
      String type = ContractSchemas.json("contract/" + schema).getJsonObject("properties").getJsonObject("type")
          .getString("const");
      (serverSends ? serverTexts : clientTexts).put(type, schema);
    } else if (address.equals(JOB_EVENTS)) {
      if (message.containsKey("headers")) {
        sseFields = schema(message.getJsonObject("headers"));
        sseData = schema(payload);
      } else {
        sseComment = schema(payload);
      }
    } else {
      throw new IllegalStateException("a channel the checks do not know: " + address);
    }
  }

  /** The message types the document lets the server send on the socket. */
  public Set<String> serverTypes() {
    return new TreeSet<>(serverTexts.keySet());
  }

  /** The message types the document lets a client send on the socket. */
  public Set<String> clientTypes() {
    return new TreeSet<>(clientTexts.keySet());
  }

  /** Every message type the server was seen sending so far in this JVM. */
  public Set<String> seen() {
    return new TreeSet<>(seen);
  }

  public List<String> serverText(String text) {
    List<String> broken = text(text, serverTexts, "server");
    if (broken.isEmpty()) {
      seen.add(new JsonObject(text).getString("type"));
    }
    return broken;
  }

  public List<String> clientText(String text) {
    return text(text, clientTexts, "client");
  }

  public List<String> serverBinary(int bytes) {
    return bytes > serverBinaryMax ? List.of("a binary message of " + bytes + " bytes from the server; the most is "
        + serverBinaryMax) : List.of();
  }

  public List<String> clientBinary(int bytes) {
    return bytes > clientBinaryMax ? List.of("a binary message of " + bytes + " bytes from a client; the most is "
        + clientBinaryMax) : List.of();
  }

  /** One SSE event: its fields other than {@code data}, and its data. */
  public List<String> sseEvent(Map<String, String> fields, String data) {
    List<String> broken = new ArrayList<>(validate(sseFields, new JsonObject(new LinkedHashMap<>(fields)),
        "SSE fields " + fields));
    broken.addAll(validate(sseData, data, "SSE data"));
    if (broken.isEmpty()) {
      String seq = String.valueOf(((JsonObject) Json.decodeValue(data)).getValue("seq"));
      if (!seq.equals(fields.get("id"))) {
        broken.add("SSE id " + fields.get("id") + " is not the event's seq " + seq);
      }
    }
    return broken;
  }

  /** The text of an SSE comment line (after the colon, without the optional space). */
  public List<String> sseComment(String text) {
    return validate(sseComment, (Object) text, "SSE comment");
  }

  /** Each example of each message, checked against the message's payload schema. */
  public List<String> examples() {
    List<String> broken = new ArrayList<>();
    JsonObject messages = doc.getJsonObject("components").getJsonObject("messages");
    for (String name : messages.fieldNames()) {
      JsonObject message = messages.getJsonObject(name);
      for (Object e : message.getJsonArray("examples", new JsonArray())) {
        JsonObject example = (JsonObject) e;
        broken.addAll(validate(schema(message.getJsonObject("payload")), example.getValue("payload"),
            "example of " + name));
        if (message.containsKey("headers")) {
          broken.addAll(validate(schema(message.getJsonObject("headers")), example.getValue("headers"),
              "example headers of " + name));
        }
      }
    }
    return broken;
  }

  private List<String> text(String text, Map<String, String> declared, String side) {
    Object message;
    try {
      message = Json.decodeValue(text);
    } catch (DecodeException e) {
      return List.of("a " + side + " text message that is not JSON: " + text);
    }
    String schema = message instanceof JsonObject o && o.getValue("type") instanceof String type
        ? declared.get(type) : null;
    if (schema == null) {
      return List.of("a " + side + " message of a type the contract does not declare: " + text);
    }
    return validate(schema, message, side + " " + text);
  }

  private List<String> validate(String schema, String json, String what) {
    try {
      return validate(schema, Json.decodeValue(json), what);
    } catch (DecodeException e) {
      return List.of(what + " is not JSON: " + json);
    }
  }

  private List<String> validate(String schema, Object instance, String what) {
    return ContractSchemas.validateFile(schema, instance).stream().map(e -> what + ": " + e).toList();
  }

  /** The shared schema file a message's payload or headers refer to, relative to the contract folder. */
  private static String schema(JsonObject payload) {
    String ref = payload.getString("$ref", "");
    if (ref.isEmpty() || ref.startsWith("#")) {
      throw new IllegalStateException("a message schema that is not a shared schema file: " + payload);
    }
    return ref;
  }

  private JsonObject resolve(JsonObject node) {
    return ContractSchemas.resolve(doc, node);
  }
}
