package io.zeroprint.effects.restore;

import io.zeroprint.effects.EffectDeclaration;
import io.zeroprint.effects.EffectFamily;
import io.zeroprint.effects.Option;
import io.zeroprint.effects.OptionType;
import io.zeroprint.effects.StageKit;
import io.zeroprint.effects.upscale.UpscaleFamily;
import io.zeroprint.model.catalog.ModelCatalog;
import io.zeroprint.pipeline.Output;
import io.zeroprint.pipeline.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MAXIM restoration: one effect per task model (denoise, deblur, …), and {@code restore}, a list of
 * those stages optionally ending in an upscale.
 */
public final class RestoreFamily implements EffectFamily {
  public static final String RESTORE = "restore";
  public static final String STAGES = "stages";
  /** MAXIM effect name → its model, in the order the effects list shows them. */
  public static final Map<String, String> MODELS = models();
  /** {@code restore} without {@code stages}: noise first (deblurring amplifies it), then blur, then ×2. */
  private static final List<String> DEFAULT_STAGES = List.of("denoise", "deblur", UpscaleFamily.UPSCALE);

  @Override
  public List<EffectDeclaration> effects() {
    List<EffectDeclaration> all = new ArrayList<>();
    MODELS.forEach((name, model) -> all.add(new Task(name, model)));
    all.add(new Restore());
    return List.copyOf(all);
  }

  @Override
  public List<Stage> stages(StageKit kit) {
    return MODELS.entrySet().stream().map(e -> (Stage) new RestoreStage(e.getKey(), e.getValue(), kit)).toList();
  }

  /** One MAXIM task, tiled. */
  private record Task(String name, String model) implements EffectDeclaration {
    @Override
    public String description() {
      return "MAXIM " + model.substring("maxim-".length()) + " (restoration, tiled)";
    }

    @Override
    public Output output() {
      return Output.IMAGE;
    }

    @Override
    public List<Option> options() {
      return List.of();
    }

    @Override
    public List<String> models(Map<String, Object> settings) {
      return List.of(model);
    }

    @Override
    public List<String> stages(Map<String, Object> settings) {
      return List.of(name);
    }
  }

  /** Several tasks in the client's order, the upscaler last if asked for. */
  private static final class Restore implements EffectDeclaration {
    @Override
    public String name() {
      return RESTORE;
    }

    @Override
    public String description() {
      return "A pipeline of restoration stages, optionally ending in an upscale";
    }

    @Override
    public Output output() {
      return Output.IMAGE;
    }

    @Override
    public List<Option> options() {
      List<String> allowed = new ArrayList<>(MODELS.keySet());
      allowed.add(UpscaleFamily.UPSCALE);
      return List.of(new Option(STAGES, new OptionType.NameList(allowed, DEFAULT_STAGES), "stages in order"),
          UpscaleFamily.SCALE_OPTION, UpscaleFamily.TIER_OPTION);
    }

    @Override
    public List<String> models(Map<String, Object> settings) {
      return stages(settings).stream()
          .map(s -> UpscaleFamily.UPSCALE.equals(s) ? UpscaleFamily.model(settings) : MODELS.get(s)).toList();
    }

    @SuppressWarnings("unchecked")
    @Override
    public List<String> stages(Map<String, Object> settings) {
      return (List<String>) settings.get(STAGES);
    }

    @Override
    public int scale(Map<String, Object> settings) {
      return upscales(settings) ? (Integer) settings.get(UpscaleFamily.SCALE) : 1;
    }

    @Override
    public void check(Map<String, Object> settings, Set<String> given) {
      for (String option : List.of(UpscaleFamily.SCALE, UpscaleFamily.TIER)) {
        if (!upscales(settings) && given.contains(option)) {
          throw OptionType.invalid(option + " applies only when the stages include upscale.");
        }
      }
    }

    private boolean upscales(Map<String, Object> settings) {
      return stages(settings).contains(UpscaleFamily.UPSCALE);
    }
  }

  private static Map<String, String> models() {
    Map<String, String> m = new LinkedHashMap<>();
    ModelCatalog.MAXIM.forEach((effect, bundle) -> m.put(effect, bundle.entries().get(0).name()));
    return java.util.Collections.unmodifiableMap(m);
  }
}
