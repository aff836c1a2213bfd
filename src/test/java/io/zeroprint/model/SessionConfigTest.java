package io.zeroprint.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zeroprint.config.WorkerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.proto.RewriterConfig;

/**
 * The session config keeps every model in float32 and as written, whatever the CPU: no remapper
 * (on oneDNN CPUs it swaps the graph's hard-swish constant for 1/6) and no bfloat16 rewrites.
 */
class SessionConfigTest {
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void rewritesThatChangeTheArithmeticAreOff(boolean optimise) {
    RewriterConfig r = ModelRegistry.sessionConfig(new WorkerConfig(1, 1, 2, 1, 60, 1, 256), optimise)
        .getGraphOptions().getRewriteOptions();
    assertEquals(RewriterConfig.Toggle.OFF, r.getRemapping());
    assertEquals(RewriterConfig.Toggle.OFF, r.getAutoMixedPrecision());
    assertEquals(RewriterConfig.Toggle.OFF, r.getAutoMixedPrecisionMkl());
    assertEquals(RewriterConfig.Toggle.OFF, r.getAutoMixedPrecisionOnednnBfloat16());
    assertEquals(RewriterConfig.Toggle.OFF, r.getAutoMixedPrecisionCpu());
    assertEquals(!optimise, r.getDisableMetaOptimizer());
  }
}
