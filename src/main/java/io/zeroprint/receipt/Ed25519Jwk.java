package io.zeroprint.receipt;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Ed25519 public keys as JWKs (RFC 8037) and their RFC 7638 thumbprints. */
final class Ed25519Jwk {
  /** The JDK's X.509 SubjectPublicKeyInfo for Ed25519 is this fixed prefix followed by the 32-byte key. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final int KEY_BYTES = 32;
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private Ed25519Jwk() {}

  /** The raw 32-byte public key, taken from the JDK's encoding after checking it is what we expect. */
  static byte[] rawPublicKey(PublicKey key) {
    byte[] spki = key.getEncoded();
    if (spki.length != SPKI_PREFIX.length + KEY_BYTES
        || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key");
    }
    return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
  }

  /** The key's JWK for signature checks, with its thumbprint as {@code kid}. */
  static JsonObject publicJwk(PublicKey key) {
    String x = B64URL.encodeToString(rawPublicKey(key));
    return new JsonObject().put("kty", "OKP").put("crv", "Ed25519").put("x", x).put("kid", thumbprint(x))
        .put("use", "sig").put("alg", "EdDSA");
  }

  /**
   * RFC 7638: SHA-256 of the required members only ({@code crv}, {@code kty}, {@code x}) in
   * lexicographic order without whitespace. Built by hand because the exact bytes are the spec.
   */
  static String thumbprint(String x) {
    String canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
    try {
      return B64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The public key a JWK describes; only OKP/Ed25519 keys are accepted. */
  static PublicKey publicKey(JsonObject jwk) {
    if (!"OKP".equals(jwk.getString("kty")) || !"Ed25519".equals(jwk.getString("crv"))) {
      throw new IllegalArgumentException("not an Ed25519 JWK (kty OKP, crv Ed25519)");
    }
    byte[] raw = Base64.getUrlDecoder().decode(jwk.getString("x", ""));
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException("an Ed25519 JWK's x is 32 bytes, got " + raw.length);
    }
    byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_BYTES);
    System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, KEY_BYTES);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable Ed25519 JWK: " + e.getMessage(), e);
    }
  }
}
