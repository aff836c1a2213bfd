package io.zeroprint.effects.segment;

import io.zeroprint.effects.EffectDeclaration;
import io.zeroprint.effects.EffectFamily;
import io.zeroprint.effects.Option;
import io.zeroprint.effects.OptionType;
import io.zeroprint.effects.StageKit;
import io.zeroprint.pipeline.Output;
import io.zeroprint.pipeline.Stage;
import java.util.List;
import java.util.Map;

/** Person segmentation (selfie model) and what is made of its mask: a blurred background or a cut-out. */
public final class SegmentFamily implements EffectFamily {
  public static final String PORTRAIT = "portrait";
  public static final String CUTOUT = "cutout";
  public static final String SEGMENT = "segment";
  public static final String BLUR = "blur";
  public static final int MAX_BLUR = 64;
  private static final int DEFAULT_BLUR = 12;

  @Override
  public List<EffectDeclaration> effects() {
    return List.of(
        new Masked(PORTRAIT, "Background blurred behind the person (segmentation mask, feathered edge)", Output.IMAGE,
            List.of(new Option(BLUR, new OptionType.IntRange(1, MAX_BLUR, DEFAULT_BLUR),
                "background blur radius in pixels"))),
        new Masked(CUTOUT, "The person on a transparent background", Output.PNG, List.of()));
  }

  @Override
  public List<Stage> stages(StageKit kit) {
    return List.of(new SegmentStage(kit), MaskStage.portrait(kit.store()), MaskStage.cutout(kit.store()));
  }

  /** Segment, then apply the mask the way the effect's name says. */
  private record Masked(String name, String description, Output output, List<Option> options)
      implements EffectDeclaration {
    @Override
    public List<String> models(Map<String, Object> settings) {
      return List.of(Segmenter.MODEL);
    }

    @Override
    public List<String> stages(Map<String, Object> settings) {
      return List.of(SEGMENT, name);
    }
  }
}
