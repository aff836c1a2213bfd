package io.zeroprint.effects;

import io.zeroprint.pipeline.EnhanceOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each effect takes on this server, in milliseconds per megapixel of input, for the
 * intake's estimates and the effects list. Seeded per model by a timed run at start-up (a model
 * whose input follows the image, i.e. one that tiles over it), then learnt per effect and model set
 * from the jobs that finish: the first one replaces the seed, later ones move the average a fifth of
 * the way. A sample counts at most twice (at least half) the current value, so one run slowed by
 * load, or sped up by a cache, cannot swing the estimate on its own. Thread-safe.
 */
public final class EffectSpeeds {
  /** Where a speed comes from. */
  public enum Source {
    /** Timed on this server at start-up, on a blank tile. */
    WARM_UP("warm-up"),
    /** Averaged over finished jobs. */
    MEASURED("measured");

    private final String id;

    Source(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** A speed, and how many finished jobs it was averaged over (0 for a warm-up seed). */
  public record Speed(List<String> models, double msPerMegapixel, Source source, long samples) {}

  /** The weight of a new sample in the running average. */
  static final double WEIGHT = 0.2;
  /** A sample counts at most this many times the current value (and at least its inverse). */
  static final double MAX_STEP = 2;
  /** The first job may move a seed this far: the seed times the model alone, not decoding and encoding. */
  static final double FIRST_STEP = 8;
  /**
   * Smaller images are not timed: their fixed costs (a request, an encoder's start) would read as a
   * huge per-megapixel rate.
   */
  public static final long MIN_SAMPLE_PIXELS = 250_000;

  private final Map<String, Double> seeds = new ConcurrentHashMap<>();
  private final Map<String, Speed> measured = new ConcurrentHashMap<>();

  /** A model's timed speed at start-up (milliseconds per megapixel of the image it runs over). */
  public void seed(String model, double msPerMegapixel) {
    seeds.put(model, msPerMegapixel);
  }

  /**
   * The speed of this effect with these models: learnt from its jobs if any finished, otherwise the
   * sum of its models' seeds; empty while a model it needs has no seed (nothing to go by).
   */
  public Optional<Speed> of(String effect, List<String> models) {
    Speed m = measured.get(key(effect, models));
    if (m != null) {
      return Optional.of(m);
    }
    if (models.isEmpty() || !seeds.keySet().containsAll(models)) {
      return Optional.empty();
    }
    double sum = models.stream().mapToDouble(seeds::get).sum();
    return Optional.of(new Speed(List.copyOf(models), sum, Source.WARM_UP, 0));
  }

  public Optional<Speed> of(EnhanceOptions o) {
    return of(o.effect(), o.models());
  }

  /** The estimate, in milliseconds, for an image of {@code pixels} pixels; empty when there is nothing to go by. */
  public Optional<Double> estimateMillis(EnhanceOptions o, long pixels) {
    return of(o).map(s -> s.msPerMegapixel() * pixels / 1e6);
  }

  /** A finished job: {@code pixels} of input took {@code nanos} from decoding to the encoded result. */
  public void record(EnhanceOptions o, long pixels, long nanos) {
    if (pixels < MIN_SAMPLE_PIXELS || nanos <= 0) {
      return;
    }
    double sample = nanos / 1e6 / (pixels / 1e6);
    measured.compute(key(o.effect(), o.models()), (k, current) -> {
      if (current != null) {
        double bounded = clamp(sample, current.msPerMegapixel(), MAX_STEP);
        return new Speed(current.models(), current.msPerMegapixel() + WEIGHT * (bounded - current.msPerMegapixel()),
            Source.MEASURED, current.samples() + 1);
      }
      Optional<Speed> seed = of(o);
      double first = seed.map(s -> clamp(sample, s.msPerMegapixel(), FIRST_STEP)).orElse(sample);
      return new Speed(List.copyOf(o.models()), first, Source.MEASURED, 1);
    });
  }

  private static double clamp(double sample, double current, double step) {
    return Math.max(current / step, Math.min(current * step, sample));
  }

  private static String key(String effect, List<String> models) {
    return effect + " " + String.join("+", models);
  }
}
