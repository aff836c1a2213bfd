package io.zeroprint.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.MutableClock;
import io.zeroprint.config.ConfigException;
import io.zeroprint.config.WebhooksConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Secrets per subject, and the second signature that lives exactly as long as the grace period,
 * counted from the rotation whenever the instance started.
 */
class WebhookSecretsTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void eachSubjectHasItsOwnSecretAndTheSameKeyGivesTheSameSecretEverywhere() {
    WebhookSecrets a = secrets("k", "", START);
    WebhookSecrets b = secrets("k", "", START);
    assertEquals(a.secretsOf("alice"), b.secretsOf("alice"));
    assertNotEquals(a.secretsOf("alice"), a.secretsOf("bob"));
    assertNotEquals(a.secretsOf("alice"), secrets("other", "", START).secretsOf("alice"));
  }

  @Test
  void afterTheGracePeriodOnlyTheNewSecretSigns() {
    MutableClock clock = new MutableClock(START);
    WebhookSecrets s = new WebhookSecrets(config("new", "old"), clock);
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    assertEquals(2, s.secretsOf("alice").size());
    assertEquals(2, s.sign("alice", "msg_1", 1, body).split(" ").length);

    clock.advanceSeconds(61);
    assertEquals(List.of(secrets("new", "", START).secretsOf("alice").get(0)), s.secretsOf("alice"));
    assertEquals(1, s.sign("alice", "msg_1", 1, body).split(" ").length);
  }

  @Test
  void anInstanceStartedDuringTheGraceEndsItAtTheSameMomentAsTheOthers() {
    MutableClock clock = new MutableClock(START.plusSeconds(50));
    WebhookSecrets late = new WebhookSecrets(config("new", "old"), clock);
    assertEquals(2, late.secretsOf("alice").size());
    clock.advanceSeconds(11); // 61 s after the rotation, 11 s after this start
    assertEquals(1, late.secretsOf("alice").size());
  }

  @Test
  void anInstanceStartedAfterTheGraceNeverSignsUnderThePreviousKey() {
    WebhookSecrets restarted = secrets("new", "old", START.plusSeconds(3600));
    assertEquals(1, restarted.secretsOf("alice").size());
    assertEquals(1, restarted.sign("alice", "msg_1", 1, "{}".getBytes(StandardCharsets.UTF_8)).split(" ").length);
  }

  @Test
  void aPreviousKeyWithoutTheMomentItWasRetiredIsAConfigurationError() {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> new WebhooksConfig("", "new", "old", "", 60, 3, 1, 10));
    assertTrue(missing.getMessage().contains("webhooks.previousKeyRetiredAt"), missing.getMessage());
    ConfigException wrong = assertThrows(ConfigException.class,
        () -> new WebhooksConfig("", "new", "old", "yesterday", 60, 3, 1, 10));
    assertTrue(wrong.getMessage().contains("ISO-8601"), wrong.getMessage());
    assertTrue(new WebhooksConfig("", "new", "", "", 60, 3, 1, 10).previousKeyUntil().isEmpty());
  }

  private static WebhookSecrets secrets(String key, String previous, Instant now) {
    return new WebhookSecrets(config(key, previous), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static WebhooksConfig config(String key, String previous) {
    return new WebhooksConfig("", key, previous, previous.isEmpty() ? "" : START.toString(), 60, 3, 1, 10);
  }
}
