package io.zeroprint.effects;

import io.zeroprint.effects.face.FaceFamily;
import io.zeroprint.effects.restore.RestoreFamily;
import io.zeroprint.effects.segment.SegmentFamily;
import io.zeroprint.effects.upscale.UpscaleFamily;
import java.util.List;
import java.util.Optional;

/**
 * The effect families this server offers, one registration line each. No effect derives identity,
 * age, gender or emotion: zeroprint ships no such model.
 */
public final class EffectCatalogue {
  public static final List<EffectFamily> FAMILIES = List.of(
      new UpscaleFamily(),
      new FaceFamily(),
      new SegmentFamily(),
      new RestoreFamily());

  /** Every effect, in the order the effects list shows them. */
  public static final List<EffectDeclaration> EFFECTS =
      FAMILIES.stream().flatMap(f -> f.effects().stream()).toList();

  /** The effect a request names when it names none. */
  public static final String DEFAULT_EFFECT = UpscaleFamily.UPSCALE;

  private EffectCatalogue() {}

  public static Optional<EffectDeclaration> byName(String name) {
    return EFFECTS.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return EFFECTS.stream().map(EffectDeclaration::name).toList();
  }
}
