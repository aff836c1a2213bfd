package io.zeroprint.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.effects.EffectCatalogue;
import io.zeroprint.effects.EffectDeclaration;
import io.zeroprint.effects.EffectOptions;
import io.zeroprint.effects.Option;
import io.zeroprint.effects.OptionType;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.webhooks.Webhooks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract names exactly what the code has: every error code, every effect and option, no catch-all answer. */
class ContractCatalogueTest {
  private final OpenApiDocument doc = OpenApiDocument.get();

  @Test
  void everyErrorCodeIsInTheContractAndEveryCodeThereIsInTheCatalogue() {
    List<String> catalogue = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();
    List<Object> contract = ContractSchemas.json("contract/schemas/problem-code.json").getJsonArray("enum").getList();
    assertEquals(catalogue, contract);
  }

  @Test
  void theEffectOptionsSchemaMatchesTheEffectsDeclarations() {
    JsonObject schema = ContractSchemas.json("contract/schemas/effect-options.json");
    JsonObject properties = schema.getJsonObject("properties");
    JsonObject perEffect = schema.getJsonObject("x-zeroprint-effects");
    assertEquals(EffectCatalogue.names(), properties.getJsonObject("effect").getJsonArray("enum").getList());
    assertEquals(EffectCatalogue.DEFAULT_EFFECT, properties.getJsonObject("effect").getString("default"));
    assertEquals(new HashSet<>(EffectCatalogue.names()), perEffect.fieldNames());
    Set<String> declared = new HashSet<>(Set.of(EffectOptions.EFFECT, Webhooks.OPTION));
    for (EffectDeclaration effect : EffectCatalogue.EFFECTS) {
      List<String> accepted = new ArrayList<>(EffectOptions.accepted(effect));
      accepted.add(Webhooks.OPTION);
      assertEquals(accepted, perEffect.getJsonArray(effect.name()).getList(), effect.name());
      List<Option> options = new ArrayList<>(effect.options());
      if (accepted.contains(EffectOptions.FORMAT)) {
        options.addAll(EffectOptions.IMAGE_OPTIONS);
      }
      for (Option o : options) {
        JsonObject p = properties.getJsonObject(o.name());
        assertNotNull(p, () -> "option " + o.name() + " of " + effect.name() + " is not in the schema");
        assertOptionType(o, p);
        declared.add(o.name());
      }
    }
    declared.add(EffectOptions.RETAIN);
    assertEquals(declared, properties.fieldNames(), "the schema's options are the declared ones");
    assertFalse(schema.getBoolean("additionalProperties"), "an option no effect declares is refused");
  }

  private static void assertOptionType(Option o, JsonObject p) {
    boolean typedDefault = !o.defaultText().contains(".") || o.defaultText().matches("[0-9.,]+");
    OptionType type = o.type();
    if (type instanceof OptionType.IntChoice c) {
      assertEquals("integer", p.getString("type"), o.name());
      assertEquals(c.allowed(), p.getJsonArray("enum").getList(), o.name());
      assertEquals(c.dflt(), p.getInteger("default"), o.name());
    } else if (type instanceof OptionType.IntRange r) {
      assertEquals("integer", p.getString("type"), o.name());
      assertEquals(r.min(), p.getInteger("minimum"), o.name());
      assertEquals(r.max(), p.getInteger("maximum"), o.name());
      assertEquals(typedDefault ? Integer.valueOf(r.dflt()) : null, p.getInteger("default"), o.name());
    } else if (type instanceof OptionType.NameList n) {
      assertEquals("string", p.getString("type"), o.name());
      assertEquals(n.allowed(), p.getJsonArray("x-zeroprint-names").getList(), o.name());
      assertEquals(String.join(",", n.dflt()), p.getString("default"), o.name());
      for (String name : n.allowed()) {
        assertTrue(name.matches("[a-z-]+") && p.getString("pattern").contains(name), o.name() + ": " + name);
      }
    } else if (type instanceof OptionType.Choice c) {
      assertEquals("string", p.getString("type"), o.name());
      assertEquals(c.allowed(), p.getJsonArray("enum").getList(), o.name());
      assertEquals(typedDefault ? c.dflt() : null, p.getString("default"), o.name());
    } else {
      throw new AssertionError("an option type the contract test does not know: " + type);
    }
  }

  @Test
  void noOperationHasACatchAllAnswerAndEveryOperationIsNamedOnce() {
    Set<String> ids = new HashSet<>();
    for (OpenApiDocument.Operation op : doc.operations()) {
      assertNotNull(op.id(), op.path() + " " + op.method());
      assertTrue(ids.add(op.id()), "operationId used twice: " + op.id());
      assertFalse(op.responses().containsKey("default"), op.id() + " has a default response");
      JsonArray tags = op.model().getJsonArray("tags");
      assertTrue(tags != null && tags.size() == 1, op.id() + " has one tag");
    }
  }

  @Test
  void everyErrorAnswerIsAProblemWithACodeFromTheCatalogue() {
    for (OpenApiDocument.Operation op : doc.operations()) {
      for (String status : op.responses().fieldNames()) {
        JsonObject response = doc.deref(op.responses().getJsonObject(status));
        if (Integer.parseInt(status) >= 400 && !op.path().startsWith("/health/")) {
          JsonObject content = response.getJsonObject("content");
          assertEquals(Set.of("application/problem+json"), content.fieldNames(), op.id() + " " + status);
          assertEquals("schemas/problem.json",
              content.getJsonObject("application/problem+json").getJsonObject("schema").getString("$ref"),
              op.id() + " " + status);
        }
      }
    }
  }

  @Test
  void everyExampleIsValidAgainstItsSchema() {
    List<String> invalid = new ArrayList<>();
    int seen = 0;
    for (OpenApiDocument.Operation op : doc.operations()) {
      for (String status : op.responses().fieldNames()) {
        JsonObject content = doc.deref(op.responses().getJsonObject(status)).getJsonObject("content", new JsonObject());
        for (String type : content.fieldNames()) {
          JsonObject media = content.getJsonObject(type);
          List<Object> examples = new ArrayList<>();
          if (media.containsKey("example")) {
            examples.add(media.getValue("example"));
          }
          JsonObject named = media.getJsonObject("examples", new JsonObject());
          named.fieldNames().forEach(n -> examples.add(named.getJsonObject(n).getValue("value")));
          for (Object example : examples) {
            seen++;
            doc.validate(media.getJsonObject("schema"), example).forEach(e -> invalid.add(op.id() + " " + status + ": " + e));
          }
        }
      }
    }
    assertTrue(seen >= 10, "examples checked: " + seen);
    assertTrue(invalid.isEmpty(), () -> "examples that do not match their schema: " + invalid);
  }
}
