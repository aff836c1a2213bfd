package io.zeroprint.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The repository's {@code openapi.yaml} and the JSON Schemas under {@code schemas/}, read from the
 * classpath: operations found by method and concrete path, and bodies validated through
 * {@link ContractSchemas} with the documents' relative references resolved among themselves.
 */
public final class OpenApiDocument {
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

  private OpenApiDocument() {
    root = ContractSchemas.yaml("contract/openapi.yaml");
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
    return ContractSchemas.resolve(root, o);
  }

  /** The errors of {@code instance} against a schema of this document (empty: valid). */
  public List<String> validate(JsonObject schema, Object instance) {
    // Its component references inlined, file references left relative: a standalone schema.
    return ContractSchemas.validate((JsonObject) inline(schema), instance);
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
}
