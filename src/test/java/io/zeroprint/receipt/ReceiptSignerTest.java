package io.zeroprint.receipt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ReceiptSignerTest {
  static final Receipt RECEIPT = new Receipt("job-7f3a", "upscale", 812_345, 4_456_448, true, null,
      Instant.parse("2025-05-01T10:15:30Z"));

  private final ReceiptKey key = ReceiptKey.generate();
  private final ReceiptSigner signer = new ReceiptSigner(key, "zeroprint");

  @Test
  void aSignedReceiptIsACompactJwsWithAnExplicitTypeAndTheKeysThumbprintAsKid() {
    String[] parts = signer.sign(RECEIPT).split("\\.");

    assertEquals(3, parts.length);
    assertEquals(new JsonObject().put("alg", "EdDSA").put("kid", key.keyId()).put("typ", "zeroprint-receipt+jwt"),
        decode(parts[0]));
    for (String part : parts) {
      assertTrue(part.matches("[A-Za-z0-9_-]+"), "base64url without padding: " + part);
    }
  }

  @Test
  void theClaimsHaveStableNamesAndSayNothingIsRetainedWithANull() {
    JsonObject claims = new ReceiptVerifier(key.publicJwk()).verify(signer.sign(RECEIPT));

    assertEquals(new JsonObject().put("iss", "zeroprint").put("jti", "job-7f3a").put("iat", 1746094530L)
        .put("effect", "upscale").put("bytes_received", 812_345L).put("bytes_zeroed", 4_456_448L)
        .put("delivered", true).putNull("retained_until").put("files_written", 0), claims);
    assertTrue(claims.containsKey("retained_until"));
    assertEquals(RECEIPT, Receipt.fromClaims(claims));
  }

  @Test
  void aRetentionDeadlineIsStatedInSecondsSinceTheEpoch() {
    Receipt retained = new Receipt("job-1", "restore", 10, 20, false, Instant.parse("2025-05-02T10:15:30Z"),
        RECEIPT.issuedAt());

    JsonObject claims = new ReceiptVerifier(key.publicJwk()).verify(signer.sign(retained));

    assertEquals(1746180930L, claims.getLong("retained_until"));
    assertEquals(retained, Receipt.fromClaims(claims));
  }

  @Test
  void aReceiptWhoseClaimsWereAlteredFailsVerification() {
    String[] parts = signer.sign(RECEIPT).split("\\.");
    JsonObject forged = decode(parts[1]).put("bytes_zeroed", 99_999_999L);
    String tampered = parts[0] + "." + encode(forged) + "." + parts[2];

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ReceiptVerifier(key.publicJwk()).verify(tampered));
    assertEquals("bad signature", e.getMessage());
  }

  @Test
  void aReceiptFromAnotherKeyIsRefusedEvenWhenItsKidIsCopied() {
    ReceiptKey other = ReceiptKey.generate();
    String[] parts = new ReceiptSigner(other, "zeroprint").sign(RECEIPT).split("\\.");
    String relabelled = signer.sign(RECEIPT).split("\\.")[0] + "." + parts[1] + "." + parts[2];

    assertThrows(IllegalArgumentException.class, () -> new ReceiptVerifier(key.publicJwk()).verify(parts[0] + "."
        + parts[1] + "." + parts[2]));
    assertThrows(IllegalArgumentException.class, () -> new ReceiptVerifier(key.publicJwk()).verify(relabelled));
  }

  @Test
  void anAccessTokenShapedJwtIsNotAReceipt() {
    String[] parts = signer.sign(RECEIPT).split("\\.");
    String asJwt = encode(new JsonObject().put("alg", "EdDSA").put("kid", key.keyId()).put("typ", "JWT")) + "."
        + parts[1] + "." + parts[2];

    assertThrows(IllegalArgumentException.class, () -> new ReceiptVerifier(key.publicJwk()).verify(asJwt));
  }

  @Test
  void thePublicJwkCarriesTheRawKeyThatEndsTheJdksEncoding() throws Exception {
    var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = pair.getPublic().getEncoded();

    JsonObject jwk = Ed25519Jwk.publicJwk(pair.getPublic());

    assertEquals(44, spki.length);
    assertArrayEquals(Arrays.copyOfRange(spki, 12, 44), Base64.getUrlDecoder().decode(jwk.getString("x")));
    assertEquals("OKP", jwk.getString("kty"));
    assertEquals("Ed25519", jwk.getString("crv"));
    assertEquals("sig", jwk.getString("use"));
    assertEquals("EdDSA", jwk.getString("alg"));
    assertEquals(pair.getPublic(), Ed25519Jwk.publicKey(jwk));
  }

  @Test
  void theKidIsTheRfc7638ThumbprintAsRfc8037ComputesItForItsExampleKey() {
    // RFC 8037 appendix A.1 (the key) and A.3 (its thumbprint)
    assertEquals("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
        Ed25519Jwk.thumbprint("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"));
    assertEquals(Ed25519Jwk.thumbprint(key.publicJwk().getString("x")), key.keyId());
  }

  static JsonObject decode(String part) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }

  static String encode(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
