package io.zeroprint;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An identity provider for tests: one RSA key (RS256), its JWKS file, and hand-made tokens — good
 * ones and every kind of bad one — signed with the JDK directly so nothing is left to a library.
 */
public final class TestTokens {
  public static final String ISSUER = "https://issuer.zeroprint.test";
  public static final String AUDIENCE = "zeroprint-tests";
  public static final String KID = "test-key-1";
  private static final long HOUR = 3600;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final KeyPair KEYS = generate();
  private static final Path JWKS = writeJwks();

  private TestTokens() {}

  public static Path jwksFile() {
    return JWKS;
  }

  /** A valid token for {@code subject} with these space-separated scopes, one hour to live. */
  public static String token(String subject, String scopes) {
    return sign(claims(subject, scopes));
  }

  public static JsonObject claims(String subject, String scopes) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", subject).put("scope", scopes)
        .put("iat", now).put("exp", now + HOUR);
  }

  /** RS256 over the claims, with the test key. */
  public static String sign(JsonObject claims) {
    String input = encode(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", KID)) + "." + encode(claims);
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(KEYS.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none}, no signature. */
  public static String unsigned(JsonObject claims) {
    return encode(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + encode(claims) + ".";
  }

  /** The key-confusion attack: HS256 with the server's public key bytes as the HMAC secret. */
  public static String hs256WithPublicKey(JsonObject claims) {
    String input = encode(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", KID)) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEYS.getPublic().getEncoded(), "HmacSHA256"));
      return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(JsonObject o) {
    return B64.encodeToString(o.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path writeJwks() {
    RSAPublicKey pub = (RSAPublicKey) KEYS.getPublic();
    JsonObject jwk = new JsonObject().put("kty", "RSA").put("kid", KID).put("use", "sig").put("alg", "RS256")
        .put("n", B64.encodeToString(unsigned(pub.getModulus()))).put("e", B64.encodeToString(unsigned(pub.getPublicExponent())));
    try {
      Path file = Files.createTempFile("zeroprint-test-jwks", ".json");
      file.toFile().deleteOnExit();
      Files.writeString(file, new JsonObject().put("keys", new JsonArray().add(jwk)).encode());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
