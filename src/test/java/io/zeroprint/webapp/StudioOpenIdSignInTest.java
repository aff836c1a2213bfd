package io.zeroprint.webapp;


import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The studio's "Sign in with your account" in Chromium against a real OpenID provider
 * (mock-oauth2-server on 127.0.0.1): discovery, authorization code + PKCE in the browser, and the
 * provider's token accepted by zeroprint ({@code src/test/browser/oidc.test.mjs}). Skipped when no
 * Chromium is installed (failed on CI).
 */
class StudioOpenIdSignInTest extends ServerTestBase {
  private static final String ISSUER_ID = "zeroprint";
  private static final String CLIENT_ID = "studio";
  private static final String AUDIENCE = "zeroprint-api";

  /** Started before the server, whose settings name it. */
  private final MockOAuth2Server provider = startProvider();

  private static MockOAuth2Server startProvider() {
    MockOAuth2Server p = new MockOAuth2Server();
    try {
      p.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return p;
  }

  @AfterAll
  void stopProvider() {
    provider.shutdown();
  }

  private String issuer() {
    return provider.issuerUrl(ISSUER_ID).toString();
  }

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("auth", new JsonObject().put("jwks", provider.jwksUrl(ISSUER_ID).toString())
        .put("issuer", issuer()).put("audience", AUDIENCE).put("oidcIssuer", issuer()).put("oidcClientId", CLIENT_ID));
  }

  @Test
  void theStudioSignsInWithTheProviderAndItsTokenEnhancesAPhoto() throws Exception {
    Path chromium = Chromium.required();
    // What the provider puts in the token it issues for the browser's code.
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "alice", "JWT", List.of(AUDIENCE),
        Map.of("scope", "enhance"), 3600));
    System.out.println(StudioInBrowserTest.run("oidc.test.mjs", Map.of(
        "ZEROPRINT_URL", "http://127.0.0.1:" + server.port(),
        "ZEROPRINT_ISSUER", issuer(),
        "ZEROPRINT_IMAGES", StudioInBrowserTest.imagesDir().toString(),
        "ZEROPRINT_OUT", Path.of("target", "browser").toAbsolutePath().toString(),
        "ZEROPRINT_CHROMIUM", chromium.toString())));
    // The provider's keys sign every token here, so /metrics (admin) is out of reach: ask the pool itself.
    server.store().whenDrained().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
