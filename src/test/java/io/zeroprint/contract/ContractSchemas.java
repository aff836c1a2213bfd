package io.zeroprint.contract;

import io.vertx.core.json.Json;
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
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The contract's JSON Schemas ({@code contract/schemas/*.json} on the test class path) loaded once per
 * test JVM into one Vert.x repository (draft 2020-12, formats asserted), and the one way the contract
 * checks read YAML and validate an instance: against a schema file, or an inline schema whose file
 * references resolve among the shared files as they do when served.
 */
final class ContractSchemas {
  /** Where the documents pretend to live, so that relative references resolve as they do when served. */
  static final String BASE = "https://zeroprint.invalid/";
  private static final SchemaRepository REPOSITORY = SchemaRepository.create(options());
  private static final Map<String, String> INLINE_IDS = new ConcurrentHashMap<>();
  private static final AtomicInteger INLINED = new AtomicInteger();

  static {
    for (String name : names()) {
      REPOSITORY.dereference(BASE + "schemas/" + name, JsonSchema.of(json("contract/schemas/" + name)));
    }
  }

  private ContractSchemas() {}

  /** The file names under {@code schemas/}. */
  static List<String> names() {
    try (Stream<Path> files = Files.list(Path.of(ContractSchemas.class.getClassLoader()
        .getResource("contract/schemas/problem.json").toURI()).getParent())) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The errors of {@code instance} (a Vert.x JSON value) against a contract file ({@code schemas/job.json}). */
  static List<String> validateFile(String file, Object instance) {
    return validate(BASE + file, instance);
  }

  /** The errors of {@code instance} against a standalone schema (its {@code #/} references already inlined). */
  static List<String> validate(JsonObject schema, Object instance) {
    return validate(INLINE_IDS.computeIfAbsent(schema.encode(), s -> register(schema)), instance);
  }

  private static List<String> validate(String id, Object instance) {
    OutputUnit out = REPOSITORY.validator(id, options()).validate(instance);
    if (Boolean.TRUE.equals(out.getValid())) {
      return List.of();
    }
    List<OutputUnit> units = out.getErrors() == null || out.getErrors().isEmpty() ? List.of(out) : out.getErrors();
    return units.stream().map(e -> e.getInstanceLocation() + ": " + e.getError()).toList();
  }

  private static String register(JsonObject schema) {
    String id = BASE + "inline-" + INLINED.incrementAndGet() + ".json";
    REPOSITORY.dereference(id, JsonSchema.of(schema.copy().put("$id", id)));
    return id;
  }

  private static JsonSchemaOptions options() {
    return new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE).setOutputFormat(OutputFormat.Basic);
  }

  /** A node of {@code root}, or what its local {@code #/…} reference points to (followed through). */
  static JsonObject resolve(JsonObject root, JsonObject node) {
    JsonObject at = node;
    while (at != null && at.getValue("$ref") instanceof String ref && ref.startsWith("#/")) {
      JsonObject target = root;
      for (String part : ref.substring(2).split("/")) {
        target = target.getJsonObject(part);
      }
      at = target;
    }
    return at;
  }

  /** YAML (or JSON: it is YAML) as a {@code JsonObject}, {@code JsonArray} or scalar (snakeyaml's safe constructor). */
  static Object parseYaml(String text) {
    return Json.decodeValue(Json.encode(new Yaml(new SafeConstructor(new LoaderOptions())).load(text)));
  }

  static JsonObject yaml(String resource) {
    return (JsonObject) parseYaml(new String(bytes(resource), StandardCharsets.UTF_8));
  }

  static JsonObject json(String resource) {
    return new JsonObject(new String(bytes(resource), StandardCharsets.UTF_8));
  }

  static byte[] bytes(String resource) {
    try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
