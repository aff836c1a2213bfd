package io.zeroprint.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.effects.EffectCatalogue;
import io.zeroprint.effects.EffectDeclaration;
import io.zeroprint.effects.EffectOptions;
import io.zeroprint.effects.EffectSpeeds;
import io.zeroprint.effects.Option;
import io.zeroprint.effects.OptionType;
import io.zeroprint.intake.InstalledModels;
import io.zeroprint.model.ModelManifest;
import io.zeroprint.model.catalog.ModelCatalog;
import io.zeroprint.pipeline.Output;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The body of {@code GET /v1/effects}, read from the effects' declarations: every effect with its
 * options, whether it can run here, and each model it needs (for its default options) with its
 * provenance — from the installed manifest, or from the catalogue of pinned packages when it is not
 * installed. An option whose values choose models ({@code scale}, {@code tier}) also says which of
 * its values can run here.
 * Each effect's speed here ({@link #withSpeeds}) changes as jobs finish, so it is added per request.
 */
final class EffectsJson {
  private EffectsJson() {}

  static JsonObject render(InstalledModels installed) {
    JsonArray effects = new JsonArray();
    for (EffectDeclaration e : EffectCatalogue.EFFECTS) {
      JsonArray models = new JsonArray();
      boolean available = true;
      for (String name : e.models(defaults(e))) {
        Optional<ModelManifest> m = installed.manifests().stream().filter(x -> x.name().equals(name)).findFirst();
        available &= m.isPresent();
        models.add(model(name, m));
      }
      JsonArray options = new JsonArray();
      List<Option> all = new ArrayList<>(e.options());
      if (e.output() == Output.IMAGE) {
        all.addAll(EffectOptions.IMAGE_OPTIONS);
      }
      all.forEach(o -> options.add(option(e, o, installed)));
      effects.add(new JsonObject().put("name", e.name()).put("description", e.description())
          .put("output", e.output().id()).put("available", available).put("models", models).put("options", options));
    }
    JsonArray names = new JsonArray();
    installed.manifests().forEach(m -> names.add(m.name()));
    return new JsonObject().put("effects", effects).put("installed", names)
        .put("install", InstalledModels.PULL_COMMAND + "   # the MAXIM restoration models");
  }

  private static JsonObject option(EffectDeclaration e, Option o, InstalledModels installed) {
    JsonObject json = new JsonObject().put("name", o.name()).put("values", o.type().values())
        .put("default", o.defaultText()).put("description", o.description());
    if (!e.options().contains(o) || o.type().choices().isEmpty()) {
      return json;
    }
    // A value is available when the models it adds to the defaults' are installed: restore's tiers
    // are listed even where its default MAXIM stages are not.
    List<String> byDefault = e.models(defaults(e));
    List<String> runnable = new ArrayList<>();
    boolean choosesModels = false;
    for (Object value : o.type().choices()) {
      Map<String, Object> settings = defaults(e);
      settings.put(o.name(), value);
      List<String> needs = e.models(settings);
      choosesModels |= !needs.equals(byDefault);
      if (needs.stream().filter(m -> !byDefault.contains(m)).allMatch(installed::has)) {
        runnable.add(String.valueOf(value));
      }
    }
    return choosesModels ? json.put("available", String.join("|", runnable)) : json;
  }

  /**
   * The list with each effect's speed on this server as it stands now: one entry per set of models
   * its choices run (e.g. one per upscaling factor) that has a speed, in milliseconds per megapixel
   * of input, timed at warm-up or measured on finished jobs.
   */
  static JsonObject withSpeeds(JsonObject rendered, EffectSpeeds speeds) {
    JsonObject out = rendered.copy();
    JsonArray effects = out.getJsonArray("effects");
    for (int i = 0; i < effects.size(); i++) {
      JsonObject effect = effects.getJsonObject(i);
      JsonArray list = new JsonArray();
      EffectCatalogue.byName(effect.getString("name")).ifPresent(e -> modelSets(e).forEach(models ->
          speeds.of(e.name(), models).ifPresent(s -> list.add(new JsonObject().put("models", new JsonArray(models))
              .put("msPerMegapixel", Math.round(s.msPerMegapixel())).put("source", s.source().id())
              .put("samples", s.samples())))));
      effect.put("speeds", list);
    }
    return out;
  }

  /** The model sets an effect can run: its defaults, then each choice of a one-of-a-few option. */
  private static Set<List<String>> modelSets(EffectDeclaration e) {
    Set<List<String>> sets = new LinkedHashSet<>();
    sets.add(e.models(defaults(e)));
    for (Option o : e.options()) {
      for (Object v : o.type().choices()) {
        Map<String, Object> settings = defaults(e);
        settings.put(o.name(), v);
        sets.add(e.models(settings));
      }
    }
    return sets;
  }

  private static Map<String, Object> defaults(EffectDeclaration e) {
    Map<String, Object> d = new LinkedHashMap<>();
    e.options().forEach(o -> d.put(o.name(), o.type().defaultValue()));
    return d;
  }

  private static JsonObject model(String name, Optional<ModelManifest> installed) {
    JsonObject o = new JsonObject().put("name", name).put("installed", installed.isPresent());
    if (installed.isPresent()) {
      ModelManifest m = installed.get();
      return o.put("role", m.effect()).put("source", new JsonObject().put("package", m.sourcePackage())
          .put("version", m.sourceVersion()).put("license", m.license()).put("integrity", m.sourceIntegrity()));
    }
    return Stream.concat(ModelCatalog.IMPORTABLE.stream(), ModelCatalog.MAXIM.values().stream())
        .flatMap(b -> b.entries().stream().filter(en -> en.name().equals(name))
            .map(en -> o.put("role", en.role()).put("source", new JsonObject().put("package", b.pin().name())
                .put("version", b.pin().version()).put("license", b.pin().license()).put("integrity", b.pin().integrity()))))
        .findFirst().orElse(o);
  }
}
