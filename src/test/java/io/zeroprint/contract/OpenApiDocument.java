package io.zeroprint.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's {@code openapi.yaml} and the JSON Schemas under {@code schemas/}, read from the
 * classpath: operations found by method and concrete path, and bodies validated (JSON Schema draft
 * 2020-12, Vert.x's validator) with the documents' relative references resolved among themselves.
 */
public final class OpenApiDocument {
  /** Where the documents pretend to live, so that relative references resolve as they do when served. */
  private static final String BASE = "https://zeroprint.invalid/";
  private static final String[] SCHEMA_FILES = schemaFiles();

  private static final class Loaded {
    static final OpenApiDocument DOCUMENT = new OpenApiDocument();
  }

  /** One operation of the document. */
  public record Operation(String path, String method, String id, JsonObject model) {
    public JsonObject responses() {
      return model.getJsonObject("responses", new JsonObject());
    }
  }

  private record Template(String path, Pattern pattern, int variables) {}

  private final JsonObject root;
  private final List<Template> templates = new ArrayList<>();
  private final SchemaRepository repository;
  private final Map<String, String> validatorIds = new ConcurrentHashMap<>();
  private final AtomicInteger inlined = new AtomicInteger();

  private OpenApiDocument() {
    root = yaml("contract/openapi.yaml");
    JsonSchemaOptions options = options();
    repository = SchemaRepository.create(options);
    for (String name : SCHEMA_FILES) {
      repository.dereference(BASE + "schemas/" + name, JsonSchema.of(json("contract/schemas/" + name)));
    }
    for (String path : root.getJsonObject("paths").fieldNames()) {
      String regex = Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
      templates.add(new Template(path, Pattern.compile(regex), (int) path.chars().filter(c -> c == '{').count()));
    }
    // Concrete paths win over templated ones (OpenAPI 3.1, Paths Object).
    templates.sort(Comparator.comparingInt(Template::variables));
  }

  /** The document, read once per test JVM. */
  public static OpenApiDocument get() {
    return Loaded.DOCUMENT;
  }

  /** The file names under {@code schemas/}. */
  public static List<String> schemaNames() {
    return List.of(SCHEMA_FILES);
  }

  public JsonObject root() {
    return root;
  }

  /** The document path a concrete request path falls under, if any. */
  public Optional<String> pathOf(String concretePath) {
    return templates.stream().filter(t -> t.pattern().matcher(concretePath).matches()).map(Template::path).findFirst();
  }

  /** The operation for a method on a document path; HEAD falls back to GET, as HTTP says a server may answer it. */
  public Optional<Operation> operation(String path, String method) {
    JsonObject item = root.getJsonObject("paths").getJsonObject(path);
    String m = method.toLowerCase(Locale.ROOT);
    JsonObject op = item.getJsonObject(m);
    if (op == null && m.equals("head")) {
      op = item.getJsonObject("get");
    }
    return op == null ? Optional.empty() : Optional.of(new Operation(path, m, op.getString("operationId"), op));
  }

  /** Every (path, method) the document declares. */
  public List<Operation> operations() {
    List<Operation> all = new ArrayList<>();
    JsonObject paths = root.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String m : item.fieldNames()) {
        if (!m.equals("parameters") && item.getValue(m) instanceof JsonObject op) {
          all.add(new Operation(path, m, op.getString("operationId"), op));
        }
      }
    }
    return all;
  }

  /** Follows {@code #/components/…} references of the document itself. */
  public JsonObject deref(JsonObject o) {
    JsonObject at = o;
    while (at != null && at.containsKey("$ref") && at.getString("$ref").startsWith("#/")) {
      JsonObject target = root;
      for (String part : at.getString("$ref").substring(2).split("/")) {
        target = target.getJsonObject(part);
      }
      at = target;
    }
    return at;
  }

  /** The errors of {@code instance} against a schema of this document (empty: valid). */
  public List<String> validate(JsonObject schema, Object instance) {
    String id = validatorIds.computeIfAbsent(schema.encode(), s -> register(schema));
    OutputUnit out = repository.validator(id, options()).validate(instance);
    List<String> errors = new ArrayList<>();
    if (!Boolean.TRUE.equals(out.getValid())) {
      if (out.getErrors() == null || out.getErrors().isEmpty()) {
        errors.add(out.getInstanceLocation() + ": " + out.getError());
      } else {
        out.getErrors().forEach(e -> errors.add(e.getInstanceLocation() + ": " + e.getError()));
      }
    }
    return errors;
  }

  /** A schema of the document as a standalone schema: its component references inlined, file references left relative. */
  private String register(JsonObject schema) {
    String id = BASE + "inline-" + inlined.incrementAndGet() + ".json";
    JsonObject standalone = ((JsonObject) inline(schema)).copy().put("$id", id);
    repository.dereference(id, JsonSchema.of(standalone));
    return id;
  }

  private Object inline(Object node) {
    if (node instanceof JsonObject o) {
      if (o.containsKey("$ref") && o.getString("$ref").startsWith("#/components/")) {
        return inline(deref(o));
      }
      JsonObject copy = new JsonObject();
      o.forEach(e -> copy.put(e.getKey(), inline(e.getValue())));
      return copy;
    }
    if (node instanceof JsonArray a) {
      JsonArray copy = new JsonArray();
      a.forEach(v -> copy.add(inline(v)));
      return copy;
    }
    return node;
  }

  private static JsonSchemaOptions options() {
    return new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE).setOutputFormat(OutputFormat.Basic);
  }

  /** The names of the schema files (the contract is on the test class path as a folder). */
  private static String[] schemaFiles() {
    try {
      java.nio.file.Path dir = java.nio.file.Path.of(OpenApiDocument.class.getClassLoader()
          .getResource("contract/schemas/problem.json").toURI()).getParent();
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
        return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toArray(String[]::new);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A YAML document as JSON (snakeyaml's safe constructor: plain maps, lists and scalars). */
  public static JsonObject yaml(String resource) {
    LoaderOptions loader = new LoaderOptions();
    Object tree = new Yaml(new SafeConstructor(loader)).load(new String(bytes(resource), StandardCharsets.UTF_8));
    return new JsonObject(io.vertx.core.json.Json.encode(tree));
  }

  public static JsonObject json(String resource) {
    return new JsonObject(new String(bytes(resource), StandardCharsets.UTF_8));
  }

  public static byte[] bytes(String resource) {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
