package io.zeroprint.effects.upscale;

import io.zeroprint.effects.EffectDeclaration;
import io.zeroprint.effects.EffectFamily;
import io.zeroprint.effects.Option;
import io.zeroprint.effects.OptionType;
import io.zeroprint.effects.StageKit;
import io.zeroprint.model.Tiler;
import io.zeroprint.pipeline.Output;
import io.zeroprint.pipeline.Stage;
import java.util.List;
import java.util.Map;

/** Super-resolution with ESRGAN: ×2, ×3, ×4 or ×8 in three quality tiers, one model per factor and tier. */
public final class UpscaleFamily implements EffectFamily {
  public static final String UPSCALE = "upscale";
  public static final String SCALE = "scale";
  public static final String TIER = "tier";
  /** The option as {@code upscale} and any effect that ends in an upscale declare it. */
  public static final Option SCALE_OPTION = new Option(SCALE, new OptionType.IntChoice(List.of(2, 3, 4, 8), 2),
      "upscaling factor");

  /** The model size ({@link Tier}), declared wherever {@link #SCALE_OPTION} is. */
  public static final Option TIER_OPTION = new Option(TIER, new OptionType.Choice(Tier.ids(), Tier.FAST.id()),
      "model size: fast (ESRGAN-slim), balanced (ESRGAN-medium), best (ESRGAN-thick, slowest, installed with"
          + " models pull upscale-best)");

  /** The model the upscale stage needs for these option values ({@code scale} and {@code tier}). */
  public static String model(Map<String, Object> settings) {
    return Tier.byId((String) settings.get(TIER)).model((Integer) settings.get(SCALE));
  }

  @Override
  public List<EffectDeclaration> effects() {
    return List.of(new Upscale());
  }

  @Override
  public List<Stage> stages(StageKit kit) {
    return List.of(new UpscaleStage(kit.models(), new Tiler(kit.store(), kit.worker().tileOutputSide()), kit.store()));
  }

  private static final class Upscale implements EffectDeclaration {
    @Override
    public String name() {
      return UPSCALE;
    }

    @Override
    public String description() {
      return "Super-resolution (ESRGAN; tier fast, balanced or best)";
    }

    @Override
    public Output output() {
      return Output.IMAGE;
    }

    @Override
    public List<Option> options() {
      return List.of(SCALE_OPTION, TIER_OPTION);
    }

    @Override
    public List<String> models(Map<String, Object> settings) {
      return List.of(model(settings));
    }

    @Override
    public List<String> stages(Map<String, Object> settings) {
      return List.of(UPSCALE);
    }

    @Override
    public int scale(Map<String, Object> settings) {
      return (Integer) settings.get(SCALE);
    }
  }
}
