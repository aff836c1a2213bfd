package io.zeroprint.webapp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChromiumTest {

  @Test
  void theValuesCiServicesSetMeanARunOnCi() {
    assertTrue(Chromium.onCi("true"));
    assertTrue(Chromium.onCi("1"));
    assertTrue(Chromium.onCi("TRUE"));
  }

  @Test
  void anAbsentEmptyOrFalseCiVariableIsALocalRun() {
    assertFalse(Chromium.onCi(null));
    assertFalse(Chromium.onCi(""));
    assertFalse(Chromium.onCi("false"));
    assertFalse(Chromium.onCi("0"));
  }
}
