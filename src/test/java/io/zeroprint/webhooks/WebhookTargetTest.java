package io.zeroprint.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The URL checks made when a job is admitted: nothing is resolved or sent. */
class WebhookTargetTest {
  private static final Set<String> ALLOWED = Set.of("hooks.example.com", "127.0.0.1", "localhost", "10.0.0.5",
      "[fd00:ec2::254]", "169.254.169.254", "[::ffff:169.254.169.254]");
  private static final AddressPolicy PRODUCTION = new AddressPolicy(false);

  @Test
  void anHttpsUrlOnTheAllowListIsTakenApartForTheConnection() {
    WebhookTarget t = WebhookTarget.parse("https://Hooks.Example.com:8443/in/zp?sig=1", ALLOWED, false, PRODUCTION);
    assertEquals(new WebhookTarget(true, "hooks.example.com", 8443, "/in/zp?sig=1"), t);
    assertEquals(443, WebhookTarget.parse("https://hooks.example.com", ALLOWED, false, PRODUCTION).port());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://hooks.example.com/", "ftp://hooks.example.com/", "https://other.example.com/",
      "https://hooks.example.com.evil.test/", "https://user:pw@hooks.example.com/", "https://hooks.example.com/#x",
      "hooks.example.com/path", "https://127.0.0.1/", "https://10.0.0.5/", "https://169.254.169.254/latest/meta-data",
      "https://[fd00:ec2::254]/", "https://[::ffff:169.254.169.254]/", "http://localhost:8080/", "not a url"})
  void urlsThatAreNotHttpsToAnAllowedPublicHostAreRefused(String url) {
    ProblemException p = assertThrows(ProblemException.class, () -> WebhookTarget.parse(url, ALLOWED, false, PRODUCTION));
    assertEquals(ErrorCode.WEBHOOK_NOT_ALLOWED, p.code(), p.detail());
  }

  @Test
  void plainHttpIsForLoopbackInDevelopmentOnly() {
    AddressPolicy development = new AddressPolicy(true);
    assertEquals(80, WebhookTarget.parse("http://localhost/", ALLOWED, true, development).port());
    assertEquals(9000, WebhookTarget.parse("http://127.0.0.1:9000/", ALLOWED, true, development).port());
    assertEquals(ErrorCode.WEBHOOK_NOT_ALLOWED, assertThrows(ProblemException.class,
        () -> WebhookTarget.parse("http://hooks.example.com/", ALLOWED, true, development)).code());
  }

  @Test
  void withAnEmptyAllowListWebhooksAreOff() {
    assertEquals(ErrorCode.WEBHOOKS_DISABLED, assertThrows(ProblemException.class,
        () -> WebhookTarget.parse("https://hooks.example.com/", Set.of(), false, PRODUCTION)).code());
  }
}
