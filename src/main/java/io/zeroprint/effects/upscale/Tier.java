package io.zeroprint.effects.upscale;

import java.util.Arrays;
import java.util.List;

/**
 * The upscaling quality tiers: the same ESRGAN family in three sizes, each its own pinned package.
 * Larger models restore more detail and take longer (README, Models: sizes and speed measured).
 */
public enum Tier {
  /** ESRGAN-slim (bundled). */
  FAST("fast", "esrgan-slim"),
  /** ESRGAN-medium (bundled). */
  BALANCED("balanced", "esrgan-medium"),
  /** ESRGAN-thick (pulled: {@code models pull upscale-best}). */
  BEST("best", "esrgan-thick");

  private final String id;
  private final String modelPrefix;

  Tier(String id, String modelPrefix) {
    this.id = id;
    this.modelPrefix = modelPrefix;
  }

  /** The option value. */
  public String id() {
    return id;
  }

  /** The model this tier needs for one upscaling factor, e.g. {@code esrgan-medium-x4}. */
  public String model(int scale) {
    return modelPrefix + "-x" + scale;
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(Tier::id).toList();
  }

  public static Tier byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tier " + id));
  }
}
