package io.zeroprint.contract;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A structural diff of one contract document (OpenAPI, AsyncAPI or JSON Schema, parsed from YAML or
 * JSON into Vert.x values) against its baseline, listing what a client built on it would lose: anything
 * removed (a path, operation, response status, parameter, header, property, enum value, message),
 * and anything narrowed (a new required request member or parameter, a changed type, a lower maximum
 * or higher minimum, a new pattern, format or enum where there was none, a changed reference).
 * Additions pass. Prose (descriptions, summaries, titles, examples) and defaults may change freely.
 *
 * <p>Whether a newly required member narrows depends on who sends it: a request member the client
 * must now send breaks clients; a response member the server now promises does not, and one it no
 * longer promises does. Where a schema serves both directions, both count.
 */
final class ContractDiff {
  /** Who sends what a part of a document describes. */
  enum Direction { REQUEST, RESPONSE }

  /** Keys whose value is prose or an example: any change passes. */
  private static final Set<String> FREE = Set.of("description", "summary", "title", "example", "examples",
      "$comment", "externalDocs", "deprecated", "default", "contact", "license", "termsOfService", "$schema", "$id");
  /** Upper bounds: lowering one, or adding one, narrows. */
  private static final Set<String> UPPER = Set.of("maximum", "exclusiveMaximum", "maxLength", "maxItems",
      "maxProperties");
  /** Lower bounds: raising one, or adding one, narrows. */
  private static final Set<String> LOWER = Set.of("minimum", "exclusiveMinimum", "minLength", "minItems",
      "minProperties");
  /** Keys that, added where they were absent, restrict what was allowed. */
  private static final Set<String> RESTRICTING = Set.of("pattern", "format", "const", "enum", "not", "multipleOf",
      "contentMediaType");

  private final Set<Direction> defaultDirections;
  private final List<String> breaks = new ArrayList<>();

  private ContractDiff(Set<Direction> defaultDirections) {
    this.defaultDirections = defaultDirections;
  }

  /**
   * What {@code current} breaks compared with {@code baseline}, each as a JSON pointer and a reason.
   *
   * @param directions who sends the parts of the document whose pointer does not say (a schema file:
   *     the directions it is used in)
   */
  static List<String> breakingChanges(Object baseline, Object current, Set<Direction> directions) {
    ContractDiff diff = new ContractDiff(directions);
    diff.compare("", baseline, current);
    return diff.breaks;
  }

  private void compare(String at, Object old, Object now) {
    if (old instanceof JsonObject o && now instanceof JsonObject n) {
      compareObjects(at, o, n);
    } else if (old instanceof JsonArray o && now instanceof JsonArray n) {
      compareLists(at, o, n);
    } else if (!Objects.equals(old, now)) {
      if (isValue(old) && isValue(now)) {
        compareValues(at, old, now);
      } else {
        breaks.add(at + ": changed shape from " + kind(old) + " to " + kind(now));
      }
    }
  }

  private void compareObjects(String at, JsonObject old, JsonObject now) {
    for (Map.Entry<String, Object> e : old) {
      String key = e.getKey();
      String child = at + "/" + escape(key);
      if (FREE.contains(key) || key.startsWith("x-")) {
        continue;
      }
      if (!now.containsKey(key)) {
        if (!UPPER.contains(key) && !LOWER.contains(key) && !RESTRICTING.contains(key) && !key.equals("required")
            && !key.equals("additionalProperties")) {
          breaks.add(child + ": removed");
        } else if (key.equals("required") && e.getValue() instanceof JsonArray) {
          compareRequired(child, e.getValue(), null);
        }
        continue;
      }
      Object next = now.getValue(key);
      if (key.equals("required") && e.getValue() instanceof JsonArray && next instanceof JsonArray) {
        compareRequired(child, e.getValue(), next);
      } else if (key.equals("required") && e.getValue() instanceof Boolean was && next instanceof Boolean is) {
        if (!was && is && sentBy(child).contains(Direction.REQUEST)) {
          breaks.add(child + ": became required");
        }
      } else if (key.equals("enum") || key.equals("type")) {
        compareSets(child, key, e.getValue(), next);
      } else if (UPPER.contains(key) || LOWER.contains(key)) {
        compareBound(child, key, e.getValue(), next);
      } else if (key.equals("additionalProperties") || key.equals("uniqueItems")) {
        compareFlag(child, key, e.getValue(), next);
      } else {
        compare(child, e.getValue(), next);
      }
    }
    for (String key : now.fieldNames()) {
      if (old.containsKey(key)) {
        continue;
      }
      String child = at + "/" + escape(key);
      Object added = now.getValue(key);
      if (UPPER.contains(key) || LOWER.contains(key) || RESTRICTING.contains(key)) {
        breaks.add(child + ": added " + key + " " + Json.encode(added) + " where there was none");
      } else if (key.equals("additionalProperties") && Boolean.FALSE.equals(added)) {
        breaks.add(child + ": now refuses members it did not declare");
      } else if (key.equals("required") && added instanceof JsonArray) {
        compareRequired(child, null, added);
      } else if (key.equals("required") && truthy(added) && sentBy(child).contains(Direction.REQUEST)) {
        breaks.add(child + ": became required");
      } else if (key.equals("requestBody") && added instanceof JsonObject body && truthy(body.getValue("required"))) {
        breaks.add(child + ": a required request body was added");
      }
    }
  }

  /** Lists of objects are matched by what names each item ($ref, in+name, name, url), else by position. */
  private void compareLists(String at, JsonArray old, JsonArray now) {
    Map<String, Object> before = keyed(old);
    Map<String, Object> after = keyed(now);
    before.forEach((key, item) -> {
      Object match = after.get(key);
      if (match == null) {
        breaks.add(at + "/" + escape(key) + ": removed");
      } else {
        compare(at + "/" + escape(key), item, match);
      }
    });
    after.forEach((key, item) -> {
      if (!before.containsKey(key) && item instanceof JsonObject o && truthy(o.getValue("required"))
          && o.containsKey("in")) {
        breaks.add(at + "/" + escape(key) + ": a required parameter was added");
      }
    });
  }

  private static Map<String, Object> keyed(JsonArray list) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.getValue(i);
      JsonObject o = item instanceof JsonObject obj ? obj : new JsonObject();
      String key;
      if (isValue(item)) {
        key = String.valueOf(item);
      } else if (o.containsKey("$ref")) {
        key = String.valueOf(o.getValue("$ref"));
      } else if (o.containsKey("in") && o.containsKey("name")) {
        key = o.getValue("in") + ":" + o.getValue("name");
      } else if (o.getValue("name") instanceof String name) {
        key = name;
      } else if (o.containsKey("url")) {
        key = String.valueOf(o.getValue("url"));
      } else {
        key = "#" + i;
      }
      out.put(key, item);
    }
    return out;
  }

  private void compareRequired(String at, Object old, Object now) {
    Set<String> before = texts(old);
    Set<String> after = texts(now);
    Set<Direction> sentBy = sentBy(at);
    for (String name : after) {
      if (!before.contains(name) && sentBy.contains(Direction.REQUEST)) {
        breaks.add(at + ": " + name + " became required");
      }
    }
    for (String name : before) {
      if (!after.contains(name) && sentBy.contains(Direction.RESPONSE)) {
        breaks.add(at + ": " + name + " is no longer always sent");
      }
    }
  }

  /** An enum or a type: every value the baseline allowed must still be allowed. */
  private void compareSets(String at, String key, Object old, Object now) {
    Set<String> after = texts(now);
    for (String value : texts(old)) {
      if (!after.contains(value)) {
        breaks.add(at + ": " + (key.equals("type") ? "type " : "value ") + value + " removed");
      }
    }
  }

  private void compareBound(String at, String key, Object old, Object now) {
    if (!(old instanceof Number o) || !(now instanceof Number n)) {
      compare(at, old, now);
    } else if (UPPER.contains(key) && decimal(n).compareTo(decimal(o)) < 0) {
      breaks.add(at + ": lowered from " + Json.encode(old) + " to " + Json.encode(now));
    } else if (LOWER.contains(key) && decimal(n).compareTo(decimal(o)) > 0) {
      breaks.add(at + ": raised from " + Json.encode(old) + " to " + Json.encode(now));
    }
  }

  /** {@code additionalProperties} or {@code uniqueItems}: turning the permissive value off narrows. */
  private void compareFlag(String at, String key, Object old, Object now) {
    boolean permissiveBefore = key.equals("uniqueItems") ? !truthy(old) : !Boolean.FALSE.equals(old);
    boolean permissiveNow = key.equals("uniqueItems") ? !truthy(now) : !Boolean.FALSE.equals(now);
    if (permissiveBefore && !permissiveNow) {
      breaks.add(at + ": narrowed from " + Json.encode(old) + " to " + Json.encode(now));
    } else if (old instanceof JsonObject && now instanceof JsonObject) {
      compare(at, old, now);
    }
  }

  private void compareValues(String at, Object old, Object now) {
    if (at.equals("/info/version") || at.equals("/openapi") || at.equals("/asyncapi")) {
      return;
    }
    breaks.add(at + ": changed from " + Json.encode(old) + " to " + Json.encode(now));
  }

  private Set<Direction> sentBy(String at) {
    return sentBy(at, defaultDirections);
  }

  /** Who sends the part at this pointer: said by the pointer in an API document, else {@code otherwise}. */
  static Set<Direction> sentBy(String at, Set<Direction> otherwise) {
    if (at.startsWith("/webhooks/")) {
      return EnumSet.of(Direction.RESPONSE); // the server sends a webhook; the client receives it
    }
    if (at.contains("/requestBody") || at.contains("/requestBodies/") || at.contains("/parameters/")) {
      return EnumSet.of(Direction.REQUEST);
    }
    if (at.contains("/responses/") || at.contains("/headers/")) {
      return EnumSet.of(Direction.RESPONSE);
    }
    return otherwise;
  }

  private static Set<String> texts(Object node) {
    Set<String> out = new LinkedHashSet<>();
    if (node instanceof JsonArray list) {
      list.forEach(n -> out.add(n instanceof String s ? s : Json.encode(n)));
    } else if (node != null) {
      out.add(node instanceof String s ? s : Json.encode(node));
    }
    return out;
  }

  /** A flag as it has always been read: true, a non-zero integer, or the text "true". */
  private static boolean truthy(Object v) {
    return v instanceof Boolean b ? b : v instanceof Integer || v instanceof Long || v instanceof BigInteger
        ? new BigInteger(v.toString()).signum() != 0 : v instanceof String s && s.trim().equals("true");
  }

  private static boolean isValue(Object node) {
    return !(node instanceof JsonObject) && !(node instanceof JsonArray);
  }

  private static BigDecimal decimal(Number n) {
    return new BigDecimal(n.toString());
  }

  private static String kind(Object node) {
    return node instanceof JsonObject ? "an object" : node instanceof JsonArray ? "a list" : "a value";
  }

  /** JSON Pointer escaping (RFC 6901), so a path such as /v1/jobs/{id} reads unambiguously. */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
