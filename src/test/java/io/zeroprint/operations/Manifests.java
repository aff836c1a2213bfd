package io.zeroprint.operations;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Kubernetes manifests under {@code k8s/}, parsed into fabric8's typed model. The model keeps a
 * field it does not know in the object's {@code additionalProperties}; {@link #unknownFields} finds
 * every such field anywhere in the tree, so a misspelt or misplaced key is caught here instead of
 * being dropped silently by the API server.
 */
final class Manifests {
  static final Path DIR = Path.of("k8s");

  private Manifests() {}

  /** Every object in every {@code k8s/*.yaml}, in file order. */
  static List<HasMetadata> all() {
    try (Stream<Path> files = Files.list(DIR)) {
      List<HasMetadata> out = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (String doc : Files.readString(f).split("(?m)^---\\s*$")) {
          if (doc.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#"))) {
            out.add(parse(f + "", doc));
          }
        }
      }
      assertFalse(out.isEmpty(), "no manifests under " + DIR);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One YAML document as a typed object; an unknown kind would come back generic, and fails. */
  static HasMetadata parse(String where, String yaml) {
    Object parsed = Serialization.unmarshal(yaml);
    HasMetadata object = assertInstanceOf(HasMetadata.class, parsed, where + ": not a Kubernetes object");
    assertFalse(object instanceof GenericKubernetesResource, where + ": unknown kind " + object.getKind());
    assertTrue(object.getMetadata() != null && object.getMetadata().getName() != null, where + ": no name");
    return object;
  }

  static <T extends HasMetadata> T one(List<HasMetadata> all, Class<T> type) {
    List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
    assertTrue(found.size() == 1, "exactly one " + type.getSimpleName() + ", found " + found.size());
    return found.get(0);
  }

  /** The path of every field the typed model did not recognise, anywhere under {@code root}. */
  static List<String> unknownFields(Object root) {
    List<String> out = new ArrayList<>();
    walk(root, root.getClass().getSimpleName(), out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private static void walk(Object node, String path, List<String> out, Set<Object> seen) {
    if (node == null || !seen.add(node)) {
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, out, seen));
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        f.setAccessible(true);
        Object value;
        try {
          value = f.get(node);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if ("additionalProperties".equals(f.getName()) && value instanceof Map<?, ?> extra) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        } else {
          walk(value, path + "." + f.getName(), out, seen);
        }
      }
    }
  }
}
