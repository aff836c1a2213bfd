package io.zeroprint.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.contract.ContractDiff.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A contract folder (the API documents and {@code schemas/}) read as Vert.x JSON trees, and who sends each schema. */
final class ContractTrees {
  private static final String SCHEMAS = "schemas/";

  private ContractTrees() {}

  /** Every document in the folder by its relative path ({@code openapi.yaml}, {@code schemas/job.json}, ...). */
  static Map<String, Object> read(Path folder) {
    Map<String, Object> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(folder.relativize(p).toString().replace('\\', '/'), ContractSchemas.parseYaml(Files.readString(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Who sends what each schema file describes, from where the OpenAPI document refers to it (a request
   * body or parameter, a response or header, a webhook), carried on to the files it refers to in
   * turn. A file the OpenAPI document does not place (say, one only the AsyncAPI document uses)
   * counts as sent both ways.
   */
  static Map<String, Set<Direction>> directions(Map<String, Object> files) {
    Map<String, Set<Direction>> uses = new HashMap<>();
    Object openapi = files.get("openapi.yaml");
    if (openapi != null) {
      refs("", openapi, "", (file, at) -> uses.computeIfAbsent(file, f -> EnumSet.noneOf(Direction.class))
          .addAll(ContractDiff.sentBy(at, EnumSet.allOf(Direction.class))));
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<String, Object> f : files.entrySet()) {
        Set<Direction> mine = uses.get(f.getKey());
        if (mine == null || !f.getKey().startsWith(SCHEMAS)) {
          continue;
        }
        List<String> targets = new java.util.ArrayList<>();
        refs("", f.getValue(), SCHEMAS, (file, at) -> targets.add(file));
        for (String t : targets) {
          changed |= uses.computeIfAbsent(t, x -> EnumSet.noneOf(Direction.class)).addAll(mine);
        }
      }
    }
    Map<String, Set<Direction>> out = new HashMap<>();
    files.keySet().forEach(f -> out.put(f, uses.getOrDefault(f, EnumSet.allOf(Direction.class))));
    return out;
  }

  private interface RefSink {
    void accept(String file, String at);
  }

  /** Calls {@code sink} for each {@code $ref} to another file, with the file's path relative to the folder. */
  private static void refs(String at, Object node, String base, RefSink sink) {
    if (node instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        if (e.getKey().equals("$ref") && e.getValue() instanceof String target && !target.startsWith("#")) {
          int hash = target.indexOf('#');
          sink.accept(base + (hash < 0 ? target : target.substring(0, hash)), at);
        } else {
          refs(at + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), e.getValue(), base, sink);
        }
      }
    } else if (node instanceof JsonArray list) {
      for (int i = 0; i < list.size(); i++) {
        refs(at + "/" + i, list.getValue(i), base, sink);
      }
    }
  }
}
