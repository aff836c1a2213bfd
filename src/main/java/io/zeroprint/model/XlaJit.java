package io.zeroprint.model;

import org.tensorflow.internal.c_api.global.tensorflow;

/**
 * TensorFlow compiles with XLA on the CPU only when a process-wide flag allows it (otherwise set by
 * the {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit} environment variable, which a running JVM cannot
 * set for itself). The flag only permits: a session compiles when its own {@code global_jit_level}
 * asks, so every other session stays as it was.
 */
final class XlaJit {
  private static boolean enabled;

  private XlaJit() {}

  static synchronized void enableOnCpu() {
    if (!enabled) {
      tensorflow.TF_SetTfXlaCpuGlobalJit((byte) 1);
      enabled = true;
    }
  }
}
