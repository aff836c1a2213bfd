package io.zeroprint.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A structural diff of one contract document (OpenAPI, AsyncAPI or JSON Schema, parsed from YAML or
 * JSON) against its baseline, listing what a client built on the baseline would lose: anything
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
  static List<String> breakingChanges(JsonNode baseline, JsonNode current, Set<Direction> directions) {
    ContractDiff diff = new ContractDiff(directions);
    diff.compare("", baseline, current);
    return diff.breaks;
  }

  private void compare(String at, JsonNode old, JsonNode now) {
    if (old.isObject() && now.isObject()) {
      compareObjects(at, old, now);
    } else if (old.isArray() && now.isArray()) {
      compareLists(at, old, now);
    } else if (!old.equals(now)) {
      if (old.isValueNode() && now.isValueNode()) {
        compareValues(at, old, now);
      } else {
        breaks.add(at + ": changed shape from " + kind(old) + " to " + kind(now));
      }
    }
  }

  private void compareObjects(String at, JsonNode old, JsonNode now) {
    for (Iterator<Map.Entry<String, JsonNode>> it = old.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      String child = at + "/" + escape(key);
      if (FREE.contains(key) || key.startsWith("x-")) {
        continue;
      }
      JsonNode next = now.get(key);
      if (next == null) {
        if (!UPPER.contains(key) && !LOWER.contains(key) && !RESTRICTING.contains(key) && !key.equals("required")
            && !key.equals("additionalProperties")) {
          breaks.add(child + ": removed");
        } else if (key.equals("required") && e.getValue().isArray()) {
          compareRequired(child, e.getValue(), MissingNode.getInstance());
        }
        continue;
      }
      if (key.equals("required") && e.getValue().isArray() && next.isArray()) {
        compareRequired(child, e.getValue(), next);
      } else if (key.equals("required") && e.getValue().isBoolean() && next.isBoolean()) {
        if (!e.getValue().asBoolean() && next.asBoolean() && sentBy(child).contains(Direction.REQUEST)) {
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
    for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (old.has(key)) {
        continue;
      }
      String child = at + "/" + escape(key);
      JsonNode added = now.get(key);
      if (UPPER.contains(key) || LOWER.contains(key) || RESTRICTING.contains(key)) {
        breaks.add(child + ": added " + key + " " + added + " where there was none");
      } else if (key.equals("additionalProperties") && added.isBoolean() && !added.asBoolean()) {
        breaks.add(child + ": now refuses members it did not declare");
      } else if (key.equals("required") && added.isArray()) {
        compareRequired(child, MissingNode.getInstance(), added);
      } else if (key.equals("required") && added.asBoolean(false) && sentBy(child).contains(Direction.REQUEST)) {
        breaks.add(child + ": became required");
      } else if (key.equals("requestBody") && added.path("required").asBoolean(false)) {
        breaks.add(child + ": a required request body was added");
      }
    }
  }

  /** Lists of objects are matched by what names each item ($ref, in+name, name, url), else by position. */
  private void compareLists(String at, JsonNode old, JsonNode now) {
    Map<String, JsonNode> before = keyed(old);
    Map<String, JsonNode> after = keyed(now);
    before.forEach((key, item) -> {
      JsonNode match = after.get(key);
      if (match == null) {
        breaks.add(at + "/" + escape(key) + ": removed");
      } else {
        compare(at + "/" + escape(key), item, match);
      }
    });
    after.forEach((key, item) -> {
      if (!before.containsKey(key) && item.path("required").asBoolean(false) && item.has("in")) {
        breaks.add(at + "/" + escape(key) + ": a required parameter was added");
      }
    });
  }

  private static Map<String, JsonNode> keyed(JsonNode list) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String key;
      if (item.isValueNode()) {
        key = item.asText();
      } else if (item.has("$ref")) {
        key = item.get("$ref").asText();
      } else if (item.has("in") && item.has("name")) {
        key = item.get("in").asText() + ":" + item.get("name").asText();
      } else if (item.hasNonNull("name") && item.get("name").isTextual()) {
        key = item.get("name").asText();
      } else if (item.has("url")) {
        key = item.get("url").asText();
      } else {
        key = "#" + i;
      }
      out.put(key, item);
    }
    return out;
  }

  private void compareRequired(String at, JsonNode old, JsonNode now) {
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
  private void compareSets(String at, String key, JsonNode old, JsonNode now) {
    Set<String> after = texts(now);
    for (String value : texts(old)) {
      if (!after.contains(value)) {
        breaks.add(at + ": " + (key.equals("type") ? "type " : "value ") + value + " removed");
      }
    }
  }

  private void compareBound(String at, String key, JsonNode old, JsonNode now) {
    if (!old.isNumber() || !now.isNumber()) {
      compare(at, old, now);
    } else if (UPPER.contains(key) && now.decimalValue().compareTo(old.decimalValue()) < 0) {
      breaks.add(at + ": lowered from " + old + " to " + now);
    } else if (LOWER.contains(key) && now.decimalValue().compareTo(old.decimalValue()) > 0) {
      breaks.add(at + ": raised from " + old + " to " + now);
    }
  }

  /** {@code additionalProperties} or {@code uniqueItems}: turning the permissive value off narrows. */
  private void compareFlag(String at, String key, JsonNode old, JsonNode now) {
    boolean permissiveBefore = key.equals("uniqueItems") ? !old.asBoolean() : !old.isBoolean() || old.asBoolean();
    boolean permissiveNow = key.equals("uniqueItems") ? !now.asBoolean() : !now.isBoolean() || now.asBoolean();
    if (permissiveBefore && !permissiveNow) {
      breaks.add(at + ": narrowed from " + old + " to " + now);
    } else if (old.isObject() && now.isObject()) {
      compare(at, old, now);
    }
  }

  private void compareValues(String at, JsonNode old, JsonNode now) {
    if (at.equals("/info/version") || at.equals("/openapi") || at.equals("/asyncapi")) {
      return;
    }
    breaks.add(at + ": changed from " + old + " to " + now);
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

  private static Set<String> texts(JsonNode node) {
    Set<String> out = new LinkedHashSet<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
    } else if (!node.isMissingNode() && !node.isNull()) {
      out.add(node.isTextual() ? node.asText() : node.toString());
    }
    return out;
  }

  private static String kind(JsonNode node) {
    return node.isObject() ? "an object" : node.isArray() ? "a list" : "a value";
  }

  /** JSON Pointer escaping (RFC 6901), so a path such as /v1/jobs/{id} reads unambiguously. */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
