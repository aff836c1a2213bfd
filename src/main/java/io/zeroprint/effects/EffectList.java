package io.zeroprint.effects;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.model.ModelManifest;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.model.catalog.ModelCatalog;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The body of {@code GET /v1/effects}: every effect with its options, whether it can run here, and
 * each model it needs with its provenance (package, version, license, integrity) — from the
 * installed manifest, or from the import catalogue when it is not installed.
 */
public final class EffectList {
  /** Media type of the landmarks result. */
  public static final String JSON = "application/json";

  private EffectList() {}

  public static JsonObject describe(ModelRegistry models) {
    JsonArray effects = new JsonArray();
    for (Effect e : Effects.ALL) {
      List<String> needed = Effects.modelsFor(e.name(), Effects.DEFAULT_RESTORE_STAGES, Effects.DEFAULT_SCALE);
      JsonArray list = new JsonArray();
      boolean available = true;
      for (String name : needed) {
        Optional<ModelManifest> m = models.manifests().stream().filter(x -> x.name().equals(name)).findFirst();
        available &= m.isPresent();
        list.add(model(name, m));
      }
      JsonArray options = new JsonArray();
      e.options().forEach(o -> options.add(new JsonObject().put("name", o.name()).put("values", o.values())
          .put("default", o.defaultValue()).put("description", o.description())));
      effects.add(new JsonObject().put("name", e.name()).put("description", e.description()).put("output", e.output())
          .put("available", available).put("models", list).put("options", options));
    }
    JsonArray installed = new JsonArray();
    models.manifests().forEach(m -> installed.add(m.name()));
    return new JsonObject().put("effects", effects).put("installed", installed)
        .put("install", "java -jar target/zeroprint.jar models pull restore   # the MAXIM restoration models");
  }

  private static JsonObject model(String name, Optional<ModelManifest> installed) {
    JsonObject o = new JsonObject().put("name", name).put("installed", installed.isPresent());
    if (installed.isPresent()) {
      ModelManifest m = installed.get();
      return o.put("role", m.effect()).put("source", new JsonObject().put("package", m.sourcePackage())
          .put("version", m.sourceVersion()).put("license", m.license()).put("integrity", m.sourceIntegrity()));
    }
    return Stream.concat(ModelCatalog.BUNDLED.stream(), ModelCatalog.MAXIM.values().stream())
        .flatMap(b -> b.entries().stream().filter(en -> en.name().equals(name))
            .map(en -> o.put("role", en.role()).put("source", new JsonObject().put("package", b.pin().name())
                .put("version", b.pin().version()).put("license", b.pin().license()).put("integrity", b.pin().integrity()))))
        .findFirst().orElse(o);
  }
}
