package io.zeroprint.security;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.zeroprint.config.AuthConfig;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Development mode only (no JWKS, loopback bind): an ES256 key pair that lives in memory for this
 * run, so the README's run command works and prints a token; nothing is ever written anywhere.
 */
final class DevKey {
  private static final String ALG = "ES256";
  private static final int TOKEN_HOURS = 12;
  private static final String DEV_SUBJECT = "developer";

  private final String publicPem;
  private final String privatePem;

  private DevKey(String publicPem, String privatePem) {
    this.publicPem = publicPem;
    this.privatePem = privatePem;
  }

  static DevKey generate() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = gen.generateKeyPair();
      return new DevKey(pem("PUBLIC KEY", pair.getPublic().getEncoded()), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a development key", e);
    }
  }

  JWTAuthOptions verifierOptions() {
    return new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALG).setBuffer(publicPem))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALG).setBuffer(privatePem));
  }

  String token(JWTAuth signer, AuthConfig config, Set<String> scopes) {
    return token(signer, config, scopes, TOKEN_HOURS * 3600);
  }

  String token(JWTAuth signer, AuthConfig config, Set<String> scopes, int seconds) {
    JWTOptions o = new JWTOptions().setAlgorithm(ALG).setExpiresInSeconds(seconds).setSubject(DEV_SUBJECT);
    if (!config.issuer().isEmpty()) {
      o.setIssuer(config.issuer());
    }
    if (!config.audience().isEmpty()) {
      o.setAudience(List.of(config.audience()));
    }
    return signer.generateToken(new JsonObject().put("scope", String.join(" ", scopes)), o);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
