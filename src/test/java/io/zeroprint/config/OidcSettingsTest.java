package io.zeroprint.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OidcSettingsTest {
  @Test
  void theProviderIsOffByDefaultAndAsksForOpenidAndEnhance() {
    AuthConfig auth = ConfigLoader.load(Map.of()).auth();
    assertFalse(auth.oidc());
    assertEquals("openid enhance", auth.oidcScope());
  }

  @Test
  void aProviderIsReadFromTheEnvironment() {
    AuthConfig auth = ConfigLoader.load(Map.of("ZEROPRINT_AUTH_OIDC_ISSUER", "https://id.example/realms/z",
        "ZEROPRINT_AUTH_OIDC_CLIENT_ID", "studio")).auth();
    assertTrue(auth.oidc());
    assertEquals("studio", auth.oidcClientId());
  }

  @Test
  void aProviderNeedsAnHttpUrlAndAClientId() {
    assertEquals("auth.oidcIssuer", assertThrows(ConfigException.class, () -> ConfigLoader.load(
        Map.of("ZEROPRINT_AUTH_OIDC_ISSUER", "id.example", "ZEROPRINT_AUTH_OIDC_CLIENT_ID", "studio"))).setting());
    assertEquals("auth.oidcClientId", assertThrows(ConfigException.class, () -> ConfigLoader.load(
        Map.of("ZEROPRINT_AUTH_OIDC_ISSUER", "https://id.example"))).setting());
  }
}
