package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with a real OpenID provider (mock-oauth2-server, on 127.0.0.1): found through its discovery
 * document, an authorization code with a PKCE (S256) challenge exchanged for an access token, as the
 * web app does it in the browser; zeroprint checks that token against the provider's JWKS, issuer and
 * audience, and tells the app (and its CSP) about the provider.
 */
class OpenIdSignInTest extends ServerTestBase {
  private static final String ISSUER_ID = "zeroprint";
  private static final String CLIENT_ID = "studio";
  private static final String AUDIENCE = "zeroprint-api";
  private static final String REDIRECT = "http://127.0.0.1/callback";

  /** Started before the server (whose settings name it), on loopback and a free port. */
  private final MockOAuth2Server provider = startProvider();
  private final JsonObject discovery = discover();

  private static MockOAuth2Server startProvider() {
    MockOAuth2Server p = new MockOAuth2Server();
    try {
      p.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return p;
  }

  @AfterAll
  void stopProvider() {
    provider.shutdown();
  }

  @Override
  protected JsonObject overrides() {
    String issuer = discovery.getString("issuer");
    return super.overrides().put("auth", new JsonObject().put("jwks", discovery.getString("jwks_uri"))
        .put("issuer", issuer).put("audience", AUDIENCE).put("oidcIssuer", issuer).put("oidcClientId", CLIENT_ID));
  }

  @Test
  void anAccessTokenFromTheCodeFlowEnhancesAPhoto() throws Exception {
    String token = signIn("alice", "enhance");
    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/v1/enhance")).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.encode(TestImages.gradient(16, 16), "png"))).build());
    assertEquals(200, resp.statusCode(), () -> new String(resp.body(), StandardCharsets.UTF_8));
    assertEquals("image/png", WebAppTest.header(resp, "content-type"));
    assertEquals("32", WebAppTest.header(resp, "zeroprint-width"));
    // The test tokens' /metrics is not open here (another issuer): the pool itself says it is drained.
    server.store().whenDrained().get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void aProviderTokenWithoutTheEnhanceScopeIsForbidden() throws Exception {
    String token = signIn("bob", "profile");
    assertProblem(send(HttpRequest.newBuilder(uri("/v1/enhance")).timeout(TIMEOUT).header("Authorization", "Bearer " + token)
        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[8])).build()), 403, "forbidden");
  }

  @Test
  void theAppIsToldTheProviderAndMayConnectToItAlone() {
    String issuer = discovery.getString("issuer");
    JsonObject config = new JsonObject(new String(send(HttpRequest.newBuilder(uri("/app-config.json")).build()).body(),
        StandardCharsets.UTF_8));
    assertEquals(new JsonObject().put("devToken", false).put("oidc", new JsonObject().put("issuer", issuer)
        .put("clientId", CLIENT_ID).put("scope", "openid enhance")), config);
    URI u = URI.create(issuer);
    String csp = WebAppTest.header(send(HttpRequest.newBuilder(uri("/")).build()), "content-security-policy");
    assertTrue(csp.contains("; connect-src 'self' http://" + u.getHost() + ":" + u.getPort() + ";"), csp);
  }

  /** The browser's part of the code flow, without the browser: authorize, then exchange the code. */
  private String signIn(String subject, String scope) throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(AUDIENCE),
        Map.of("scope", scope), 3600));
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String authorize = discovery.getString("authorization_endpoint") + "?" + form(Map.of("response_type", "code",
        "client_id", CLIENT_ID, "redirect_uri", REDIRECT, "scope", "openid " + scope, "state", "s1",
        "code_challenge", challenge, "code_challenge_method", "S256"));
    HttpResponse<byte[]> redirect = send(HttpRequest.newBuilder(URI.create(authorize)).timeout(TIMEOUT).build());
    assertEquals(302, redirect.statusCode());
    String location = WebAppTest.header(redirect, "location");
    assertTrue(location.startsWith(REDIRECT + "?"), location);
    String code = query(URI.create(location).getRawQuery()).get("code");
    HttpResponse<byte[]> tokens = send(HttpRequest.newBuilder(URI.create(discovery.getString("token_endpoint")))
        .timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", code,
            "redirect_uri", REDIRECT, "client_id", CLIENT_ID, "code_verifier", verifier)))).build());
    assertEquals(200, tokens.statusCode(), () -> new String(tokens.body(), StandardCharsets.UTF_8));
    return new JsonObject(new String(tokens.body(), StandardCharsets.UTF_8)).getString("access_token");
  }

  private JsonObject discover() {
    URI well = URI.create(provider.wellKnownUrl(ISSUER_ID).toString());
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    try {
      return new JsonObject(client.send(HttpRequest.newBuilder(well).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } catch (Exception e) {
      throw new IllegalStateException("no discovery document", e);
    }
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> query(String raw) {
    return java.util.Arrays.stream(raw.split("&")).map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }
}
