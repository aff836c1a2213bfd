package io.zeroprint.intake;

import io.zeroprint.config.WorkerConfig;
import io.zeroprint.effects.EffectSpeeds;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.pipeline.EnhanceOptions;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How long a job may take, decided when its image header is known and before any model work: the
 * effect's speed on this server times the image's pixels, times the margin, no less than
 * {@code worker.jobTimeoutSeconds} and no more than {@code worker.maxJobSeconds}. Work whose estimate
 * alone is over the bound is refused at once ({@code too_much_work}, with the estimate) rather than
 * stopped after minutes. An effect with no speed yet gets the floor.
 */
public final class WorkBudget {
  /** Problem members: the estimate and the bound, in seconds. */
  public static final String ESTIMATED_SECONDS = "estimatedSeconds";
  public static final String MAX_SECONDS = "maxSeconds";

  private final EffectSpeeds speeds;
  private final long floorMillis;
  private final long maxMillis;
  private final int margin;

  public WorkBudget(EffectSpeeds speeds, WorkerConfig worker) {
    this.speeds = speeds;
    this.floorMillis = TimeUnit.SECONDS.toMillis(worker.jobTimeoutSeconds());
    this.maxMillis = TimeUnit.SECONDS.toMillis(worker.maxJobSeconds());
    this.margin = worker.deadlineMargin();
  }

  public EffectSpeeds speeds() {
    return speeds;
  }

  /** The job's budget in milliseconds, or {@code too_much_work} when its estimate is over the bound. */
  public long admit(ImageHeader header, EnhanceOptions options) {
    Optional<Double> estimate = speeds.estimateMillis(options, header.pixels());
    if (estimate.isEmpty()) {
      return floorMillis;
    }
    double ms = estimate.get();
    if (ms > maxMillis) {
      double seconds = Math.ceil(ms / 100) / 10; // one decimal, rounded up: never understated
      long max = TimeUnit.MILLISECONDS.toSeconds(maxMillis);
      throw new ProblemException(ErrorCode.TOO_MUCH_WORK, String.format(Locale.ROOT,
          "This would take about %.1f s on this server (%s on %d × %d pixels); it gives one request at most %d s.",
          seconds, options.effect() + (options.scale() > 1 ? " ×" + options.scale() : ""), header.width(),
          header.height(), max))
          .with(ESTIMATED_SECONDS, seconds).with(MAX_SECONDS, max);
    }
    return Math.max(floorMillis, Math.min(maxMillis, (long) Math.ceil(ms * margin)));
  }
}
