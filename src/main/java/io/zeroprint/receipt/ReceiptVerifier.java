package io.zeroprint.receipt;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Checks a receipt against a published JWK, the way a client does: header ({@code alg}, {@code typ},
 * {@code kid}), then the Ed25519 signature over {@code header.claims}. For tests and for Java
 * clients; the server itself only signs.
 */
public final class ReceiptVerifier {
  private final PublicKey key;
  private final String keyId;

  public ReceiptVerifier(JsonObject publicJwk) {
    this.key = Ed25519Jwk.publicKey(publicJwk);
    this.keyId = Ed25519Jwk.thumbprint(publicJwk.getString("x"));
  }

  /** The verified claims; {@link IllegalArgumentException} saying why when the receipt is not genuine. */
  public JsonObject verify(String jws) {
    String[] parts = jws.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a compact JWS");
    }
    JsonObject header = json(parts[0]);
    if (!ReceiptSigner.ALG.equals(header.getString("alg")) || !ReceiptSigner.TYPE.equals(header.getString("typ"))) {
      throw new IllegalArgumentException("not a zeroprint receipt (alg/typ)");
    }
    if (!keyId.equals(header.getString("kid"))) {
      throw new IllegalArgumentException("signed with another key (kid)");
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        throw new IllegalArgumentException("bad signature");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("bad signature", e);
    }
    return json(parts[1]);
  }

  private static JsonObject json(String part) {
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }
}
