package io.zeroprint.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Retention with the default in-memory (off-heap, budgeted) store. */
class MemoryRetentionTest extends RetentionContract {

  @Test
  void afterExpiryNothingIsRetrievableAndTheMemoryIsZeroed() throws Exception {
    String[] r = retained("PT1S");
    server.store().whenInUse(bytes -> bytes == 0).get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

    assertProblem(result(r[0], r[1]), 410, "result_gone");
    assertEquals(0.0, metric("zeroprint_buffer_in_use_bytes"));
  }
}
