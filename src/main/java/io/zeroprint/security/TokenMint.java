package io.zeroprint.security;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs a JWT with an operator's private key (PKCS#8 PEM, RSA → RS256, EC P-256/384/521 →
 * ES256/384/512), the way an identity provider would, so a JWKS set-up can be tried before one is
 * wired in. A testing aid: the server never mints tokens for a JWKS set-up itself.
 */
public final class TokenMint {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** What the token says; {@code kid}, {@code issuer} and {@code audience} may be empty (then left out). */
  public record Claims(String kid, String subject, String scope, String issuer, String audience, Duration ttl) {}

  private final PrivateKey key;
  private final String alg;
  private final String jcaAlg;

  private TokenMint(PrivateKey key, String alg, String jcaAlg) {
    this.key = key;
    this.alg = alg;
    this.jcaAlg = jcaAlg;
  }

  /** Reads a {@code -----BEGIN PRIVATE KEY-----} PEM; throws {@link IllegalArgumentException} saying why not. */
  public static TokenMint fromPem(String pem) {
    String begin = "-----BEGIN PRIVATE KEY-----";
    String end = "-----END PRIVATE KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----); convert it with"
          + " 'openssl pkcs8 -topk8 -nocrypt'");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM body is not base64");
    }
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        PrivateKey key = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
        if (key instanceof RSAPrivateKey) {
          return new TokenMint(key, "RS256", "SHA256withRSA");
        }
        if (key instanceof ECPrivateKey ec) {
          int bits = ec.getParams().getCurve().getField().getFieldSize();
          return switch (bits) {
            case 256 -> new TokenMint(key, "ES256", "SHA256withECDSAinP1363Format");
            case 384 -> new TokenMint(key, "ES384", "SHA384withECDSAinP1363Format");
            case 521 -> new TokenMint(key, "ES512", "SHA512withECDSAinP1363Format");
            default -> throw new IllegalArgumentException("EC keys must be on P-256, P-384 or P-521");
          };
        }
      } catch (GeneralSecurityException e) {
        // not this key type: try the next
      }
    }
    throw new IllegalArgumentException("neither an RSA nor an EC private key");
  }

  public String alg() {
    return alg;
  }

  public String mint(Claims c, Instant now) {
    JsonObject header = new JsonObject().put("alg", alg).put("typ", "JWT");
    if (!c.kid().isEmpty()) {
      header.put("kid", c.kid());
    }
    JsonObject payload = new JsonObject().put("sub", c.subject()).put("scope", c.scope())
        .put("iat", now.getEpochSecond()).put("exp", now.plus(c.ttl()).getEpochSecond());
    if (!c.issuer().isEmpty()) {
      payload.put("iss", c.issuer());
    }
    if (!c.audience().isEmpty()) {
      payload.put("aud", c.audience());
    }
    String input = encode(header) + "." + encode(payload);
    try {
      Signature s = Signature.getInstance(jcaAlg);
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed: " + e.getMessage(), e);
    }
  }

  private static String encode(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
