package io.zeroprint.effects;

import io.zeroprint.pipeline.Stage;
import java.util.List;

/**
 * One package of related effects: their declarations and the stages that run them. Adding an effect
 * family is one new package with one of these, plus one line in {@link EffectCatalogue}.
 */
public interface EffectFamily {
  List<EffectDeclaration> effects();

  /** The stages this family contributes, built once per worker. */
  List<Stage> stages(StageKit kit);
}
