package io.zeroprint.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.image.ImageFormat;
import io.zeroprint.pipeline.EnhanceOptions;
import io.zeroprint.pipeline.Output;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Speeds start at the warm-up's, learn from finished jobs, and are not swung by one odd run. */
class EffectSpeedsTest {
  private static final long MP = 1_000_000;
  private static final EnhanceOptions X2 = new EnhanceOptions("upscale", List.of("upscale"), List.of("esrgan-slim-x2"),
      Output.IMAGE, ImageFormat.PNG, 4, 2, Map.of("scale", 2), null);

  private static long millis(double ms) {
    return (long) (ms * 1_000_000);
  }

  @Test
  void anEffectWhoseModelsHaveNoSpeedHasNoEstimate() {
    assertTrue(new EffectSpeeds().estimateMillis(X2, MP).isEmpty());
  }

  @Test
  void theWarmUpSpeedEstimatesUntilAJobFinishes() {
    EffectSpeeds s = new EffectSpeeds();
    s.seed("esrgan-slim-x2", 4_000);
    assertEquals(48_000, s.estimateMillis(X2, 12 * MP).orElseThrow(), 1e-6);
    assertEquals(EffectSpeeds.Source.WARM_UP, s.of(X2).orElseThrow().source());
  }

  @Test
  void theFirstFinishedJobReplacesTheWarmUpSpeed() {
    EffectSpeeds s = new EffectSpeeds();
    s.seed("esrgan-slim-x2", 4_000);
    s.record(X2, 2 * MP, millis(12_000)); // 6 000 ms/MP: decoding and encoding included
    EffectSpeeds.Speed speed = s.of(X2).orElseThrow();
    assertEquals(6_000, speed.msPerMegapixel(), 1e-6);
    assertEquals(EffectSpeeds.Source.MEASURED, speed.source());
    assertEquals(1, speed.samples());
  }

  @Test
  void oneRunTenTimesSlowerMovesTheSpeedByAFifthOfOneStepAtMost() {
    EffectSpeeds s = new EffectSpeeds();
    s.seed("esrgan-slim-x2", 4_000);
    s.record(X2, MP, millis(4_000));
    s.record(X2, MP, millis(40_000));
    // counted as 2 × 4 000, weighted 0.2: 4 000 + 0.2 × 4 000
    assertEquals(4_800, s.of(X2).orElseThrow().msPerMegapixel(), 1e-6);
  }

  @Test
  void smallImagesAreNotTimedTheirFixedCostsWouldReadAsAHugeRate() {
    EffectSpeeds s = new EffectSpeeds();
    s.seed("esrgan-slim-x2", 4_000);
    s.record(X2, 64 * 64, millis(50));
    assertEquals(EffectSpeeds.Source.WARM_UP, s.of(X2).orElseThrow().source());
  }
}
