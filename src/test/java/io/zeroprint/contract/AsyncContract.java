package io.zeroprint.contract;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

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
  private static AsyncContract instance;

  private final JsonNode doc;
  private final SchemaRegistry registry;
  /** Text messages by {@code type}: what the server may send on the socket, and what a client may. */
  private final Map<String, Schema> serverTexts = new LinkedHashMap<>();
  private final Map<String, Schema> clientTexts = new LinkedHashMap<>();
  private long serverBinaryMax = -1;
  private long clientBinaryMax = -1;
  private Schema sseFields;
  private Schema sseData;
  private Schema sseComment;
  /** Every message type the server was seen sending in this JVM. */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  private AsyncContract() {
    doc = read(DOCUMENT, new YAMLMapper());
    registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    for (JsonNode op : doc.path("operations").values()) {
      boolean serverSends = "send".equals(op.path("action").asString());
      String address = resolve(op.path("channel")).path("address").asString();
      for (JsonNode ref : op.path("messages").values()) {
        add(address, serverSends, resolve(ref));
      }
    }
    if (serverTexts.isEmpty() || clientTexts.isEmpty() || serverBinaryMax < 0 || clientBinaryMax < 0
        || sseFields == null || sseData == null || sseComment == null) {
      throw new IllegalStateException(DOCUMENT + " does not declare every kind of message the checks expect");
    }
  }

  public static synchronized AsyncContract get() {
    if (instance == null) {
      instance = new AsyncContract();
    }
    return instance;
  }

  private void add(String address, boolean serverSends, JsonNode message) {
    JsonNode payload = message.path("payload");
    if (address.equals(WEB_SOCKET)) {
      if ("binary".equals(payload.path("format").asString())) {
        long max = payload.path("maxLength").asLong();
        if (serverSends) {
          serverBinaryMax = max;
        } else {
          clientBinaryMax = max;
        }
        return;
      }
      Schema schema = schema(payload);
      String type = schema.getSchemaNode().path("properties").path("type").path("const").asString();
      (serverSends ? serverTexts : clientTexts).put(type, schema);
    } else if (address.equals(JOB_EVENTS)) {
      if (message.has("headers")) {
        sseFields = schema(message.path("headers"));
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
      seen.add(typeOf(text));
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
    List<String> broken = new ArrayList<>(validate(sseFields, new JsonMapper().valueToTree(fields), "SSE fields " + fields));
    broken.addAll(validate(sseData, data, "SSE data"));
    if (broken.isEmpty()) {
      String seq = read(data).path("seq").asString();
      if (!seq.equals(fields.get("id"))) {
        broken.add("SSE id " + fields.get("id") + " is not the event's seq " + seq);
      }
    }
    return broken;
  }

  /** The text of an SSE comment line (after the colon, without the optional space). */
  public List<String> sseComment(String text) {
    return validate(sseComment, new JsonMapper().valueToTree(text), "SSE comment");
  }

  /** Each example of each message, checked against the message's payload schema. */
  public List<String> examples() {
    List<String> broken = new ArrayList<>();
    doc.path("components").path("messages").properties().forEach(e -> {
      JsonNode payload = e.getValue().path("payload");
      for (JsonNode example : e.getValue().path("examples").values()) {
        broken.addAll(validate(schema(payload), example.path("payload"), "example of " + e.getKey()));
        if (e.getValue().has("headers")) {
          broken.addAll(validate(schema(e.getValue().path("headers")), example.path("headers"),
              "example headers of " + e.getKey()));
        }
      }
    });
    return broken;
  }

  private List<String> text(String text, Map<String, Schema> declared, String side) {
    JsonNode message;
    try {
      message = read(text);
    } catch (JacksonException e) {
      return List.of("a " + side + " text message that is not JSON: " + text);
    }
    Schema schema = declared.get(typeOf(message));
    if (!message.isObject() || schema == null) {
      return List.of("a " + side + " message of a type the contract does not declare: " + text);
    }
    return validate(schema, message, side + " " + text);
  }

  private List<String> validate(Schema schema, String json, String what) {
    try {
      return validate(schema, read(json), what);
    } catch (JacksonException e) {
      return List.of(what + " is not JSON: " + json);
    }
  }

  private static List<String> validate(Schema schema, JsonNode node, String what) {
    List<Error> errors = schema.validate(node);
    return errors.stream().map(e -> what + ": " + e).toList();
  }

  private Schema schema(JsonNode payload) {
    String ref = payload.path("$ref").asString();
    if (ref.isEmpty() || ref.startsWith("#")) {
      throw new IllegalStateException("a message schema that is not a shared schema file: " + payload);
    }
    return registry.getSchema(SchemaLocation.of("classpath:contract/" + ref));
  }

  /** A node, or what its local {@code $ref} points to (followed through). */
  private JsonNode resolve(JsonNode node) {
    while (node.path("$ref").asString("").startsWith("#")) {
      node = doc.at(node.path("$ref").asString().substring(1));
    }
    return node;
  }

  private static String typeOf(String text) {
    try {
      return typeOf(read(text));
    } catch (JacksonException e) {
      return "";
    }
  }

  private static String typeOf(JsonNode message) {
    return message.path("type").asString("");
  }

  private static JsonNode read(String json) {
    return JsonMapper.shared().readTree(json);
  }

  static JsonNode read(String resource, tools.jackson.databind.ObjectMapper mapper) {
    try (InputStream in = AsyncContract.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
