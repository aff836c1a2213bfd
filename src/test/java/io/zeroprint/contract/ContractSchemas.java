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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The contract's JSON Schemas ({@code contract/schemas/*.json} on the test class path), loaded once per
 * test JVM into one Vert.x repository (draft 2020-12, formats asserted), and the one way the contract
 * checks read YAML and validate an instance: against a schema file, or against an inline schema whose
 * file references resolve among the shared files as they do when served.
 */
final class ContractSchemas {
  /** Where the documents pretend to live, so that relative references resolve as they do when served. */
  static final String BASE = "https://zeroprint.invalid/";
  private static final List<String> NAMES = list();
  private static final ContractSchemas INSTANCE = new ContractSchemas();

  private final SchemaRepository repository = SchemaRepository.create(options());
  private final Map<String, String> inlineIds = new ConcurrentHashMap<>();
  private final AtomicInteger inlined = new AtomicInteger();

  private ContractSchemas() {
    for (String name : NAMES) {
      repository.dereference(BASE + "schemas/" + name, JsonSchema.of(json("contract/schemas/" + name)));
    }
  }

  static ContractSchemas get() {
    return INSTANCE;
  }

  /** The file names under {@code schemas/}. */
  static List<String> names() {
    return NAMES;
  }

  private static List<String> list() {
    try (Stream<Path> files = Files.list(Path.of(ContractSchemas.class.getClassLoader()
        .getResource("contract/schemas/problem.json").toURI()).getParent())) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The errors of {@code instance} (a Vert.x JSON value) against a file, relative to the contract folder ({@code schemas/job.json}). */
  List<String> validateFile(String file, Object instance) {
    return validate(BASE + file, instance);
  }

  /** The errors of {@code instance} against a standalone schema (its {@code #/} references already inlined). */
  List<String> validate(JsonObject schema, Object instance) {
    return validate(inlineIds.computeIfAbsent(schema.encode(), s -> register(schema)), instance);
  }

  private List<String> validate(String id, Object instance) {
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

  private String register(JsonObject schema) {
    String id = BASE + "inline-" + inlined.incrementAndGet() + ".json";
    repository.dereference(id, JsonSchema.of(schema.copy().put("$id", id)));
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

  /** YAML (or JSON) text as plain maps, lists and scalars (snakeyaml's safe constructor). */
  static Object yamlTree(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  /** A YAML document on the class path as JSON. */
  static JsonObject yaml(String resource) {
    return new JsonObject(Json.encode(yamlTree(new String(bytes(resource), StandardCharsets.UTF_8))));
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
