package io.zeroprint.receipt;

import io.vertx.core.json.JsonObject;
import io.zeroprint.config.ReceiptsConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;

/**
 * Makes a receipt a compact JWS (RFC 7515) signed with Ed25519 ({@code alg: EdDSA}, RFC 8037).
 *
 * <p>The header's {@code typ} is {@value #TYPE} rather than {@code JWT}: zeroprint also accepts JWTs
 * as access tokens, and explicit typing (RFC 8725 §3.11) keeps a receipt from ever being taken for
 * one, or one for a receipt, by a verifier that checks {@code typ}.
 *
 * <p>Thread-safe and lock-free: each call takes its own {@link Signature}, so signing never holds
 * anyone else up. The JDK 17 Ed25519 is pure Java and takes about 0.8 ms per signature on a server
 * core (a fresh {@code Signature} adds ~5 % of that), so call it from a worker thread, e.g.
 * {@code executeBlocking(..., false)}, not on an event loop.
 */
public final class ReceiptSigner {
  public static final String TYPE = "zeroprint-receipt+jwt";
  public static final String ALG = "EdDSA";
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final ReceiptKey key;
  private final String issuer;
  private final String encodedHeader;

  public ReceiptSigner(ReceiptKey key, String issuer) {
    this.key = key;
    this.issuer = issuer;
    this.encodedHeader = b64(new JsonObject().put("alg", ALG).put("kid", key.keyId()).put("typ", TYPE).encode());
  }

  /** The signer the settings describe: {@code receipts.keyFile} (or a per-process key) and {@code receipts.issuer}. */
  public static ReceiptSigner from(ReceiptsConfig config) {
    return new ReceiptSigner(ReceiptKey.from(config), config.issuer());
  }

  /** {@code header.claims.signature}, each part base64url without padding. */
  public String sign(Receipt receipt) {
    String signingInput = encodedHeader + "." + b64(receipt.claims(issuer).encode());
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key.privateKey());
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64URL.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a receipt", e);
    }
  }

  /** The public key clients verify with; served at {@code /.well-known/zeroprint-receipt-key}. */
  public JsonObject publicJwk() {
    return key.publicJwk();
  }

  private static String b64(String json) {
    return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
