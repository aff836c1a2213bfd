package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * JWT bearer authentication on every {@code /v1} route and {@code /metrics}.
 *
 * @param jwks                JWKS with the public keys tokens are checked against: a file path or an
 *                            https URL; empty = development mode (loopback only: an in-memory key and
 *                            a printed token)
 * @param issuer              required {@code iss}; empty = not checked
 * @param audience            required {@code aud}; empty = not checked
 * @param jwksRefreshSeconds  how often the JWKS is read again (key rotation)
 * @param verifiedTokenSeconds a token whose signature was checked is trusted this long without a new
 *                            check (never past its {@code exp}; forgotten when the keys change);
 *                            0 = check every request
 * @param oidcIssuer          the OpenID provider the web app signs in with (authorization code + PKCE
 *                            in the browser); empty = none. Only tells the app and its CSP: tokens
 *                            are still checked against {@code jwks}, {@code issuer} and {@code audience}
 * @param oidcClientId        the app's client id at that provider
 * @param oidcScope           the scopes the app asks the provider for
 */
public record AuthConfig(String jwks, String issuer, String audience, int jwksRefreshSeconds,
    int verifiedTokenSeconds, String oidcIssuer, String oidcClientId, String oidcScope) {
  public static final int DEFAULT_JWKS_REFRESH_SECONDS = 300;
  public static final int DEFAULT_VERIFIED_TOKEN_SECONDS = 60;
  public static final String DEFAULT_OIDC_SCOPE = "openid enhance";
  /** Verified tokens remembered at most; the table is cleared when it is full. */
  public static final int MAX_VERIFIED_TOKENS = 10_000;

  public AuthConfig {
    Check.range("auth.jwksRefreshSeconds", jwksRefreshSeconds, 10, 86_400);
    Check.range("auth.verifiedTokenSeconds", verifiedTokenSeconds, 0, 3_600);
    Check.that(oidcIssuer.isEmpty() || oidcIssuer.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?"), "auth.oidcIssuer",
        "not an http(s) URL: " + oidcIssuer);
    Check.that(oidcIssuer.isEmpty() || !oidcClientId.isBlank(), "auth.oidcClientId", "needed with auth.oidcIssuer");
  }

  /** Whether the web app offers OpenID Connect sign-in. */
  public boolean oidc() {
    return !oidcIssuer.isEmpty();
  }

  public boolean developmentMode() {
    return jwks.isEmpty();
  }

  static JsonObject defaults() {
    return new JsonObject().put("jwks", "").put("issuer", "").put("audience", "")
        .put("jwksRefreshSeconds", DEFAULT_JWKS_REFRESH_SECONDS)
        .put("verifiedTokenSeconds", DEFAULT_VERIFIED_TOKEN_SECONDS)
        .put("oidcIssuer", "").put("oidcClientId", "").put("oidcScope", DEFAULT_OIDC_SCOPE);
  }

  static AuthConfig from(JsonObject j) {
    return new AuthConfig(j.getString("jwks"), j.getString("issuer"), j.getString("audience"),
        j.getInteger("jwksRefreshSeconds"), j.getInteger("verifiedTokenSeconds"), j.getString("oidcIssuer"),
        j.getString("oidcClientId"), j.getString("oidcScope"));
  }
}
