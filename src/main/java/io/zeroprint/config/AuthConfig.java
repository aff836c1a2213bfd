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
 */
public record AuthConfig(String jwks, String issuer, String audience, int jwksRefreshSeconds,
    int verifiedTokenSeconds) {
  public static final int DEFAULT_JWKS_REFRESH_SECONDS = 300;
  public static final int DEFAULT_VERIFIED_TOKEN_SECONDS = 60;
  /** Verified tokens remembered at most; the table is cleared when it is full. */
  public static final int MAX_VERIFIED_TOKENS = 10_000;

  public AuthConfig {
    Check.range("auth.jwksRefreshSeconds", jwksRefreshSeconds, 10, 86_400);
    Check.range("auth.verifiedTokenSeconds", verifiedTokenSeconds, 0, 3_600);
  }

  public boolean developmentMode() {
    return jwks.isEmpty();
  }

  static JsonObject defaults() {
    return new JsonObject().put("jwks", "").put("issuer", "").put("audience", "")
        .put("jwksRefreshSeconds", DEFAULT_JWKS_REFRESH_SECONDS)
        .put("verifiedTokenSeconds", DEFAULT_VERIFIED_TOKEN_SECONDS);
  }

  static AuthConfig from(JsonObject j) {
    return new AuthConfig(j.getString("jwks"), j.getString("issuer"), j.getString("audience"),
        j.getInteger("jwksRefreshSeconds"), j.getInteger("verifiedTokenSeconds"));
  }
}
