package io.zeroprint.receipt;

import io.vertx.core.json.JsonObject;
import io.zeroprint.config.ConfigException;
import io.zeroprint.config.ReceiptsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 key receipts are signed with, and its public half as a JWK whose {@code kid} is the
 * RFC 7638 thumbprint (so the id changes exactly when the key does). Either read from a PKCS#8 PEM
 * file, as {@code openssl genpkey -algorithm ed25519} writes it, or generated in memory for this
 * process: then receipts verify only against the key served while the process runs.
 */
public final class ReceiptKey {
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final String OPENSSL_HINT = "make one with: openssl genpkey -algorithm ed25519 -out receipt-key.pem";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final JsonObject publicJwk;

  private ReceiptKey(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    this.publicKey = pair.getPublic();
    this.publicJwk = Ed25519Jwk.publicJwk(publicKey);
  }

  /** The configured key file's key, or a generated one when none is configured; a bad file stops start-up. */
  public static ReceiptKey from(ReceiptsConfig config) {
    if (config.keyFile().isEmpty()) {
      return generate();
    }
    try {
      return fromPemFile(Path.of(config.keyFile()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("receipts.keyFile", e.getMessage());
    }
  }

  /** A fresh key that lives only in this process's memory. */
  public static ReceiptKey generate() {
    try {
      return new ReceiptKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
    }
  }

  /**
   * The key in a PEM file holding an unencrypted PKCS#8 Ed25519 private key
   * ({@code -----BEGIN PRIVATE KEY-----}); anything else is refused with a message saying what was found.
   */
  public static ReceiptKey fromPemFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return fromPem(text, file.toString());
  }

  static ReceiptKey fromPem(String text, String source) {
    Matcher m = PEM.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(source + " holds no PEM block; " + OPENSSL_HINT);
    }
    if (!m.group(1).equals("PRIVATE KEY")) {
      throw new IllegalArgumentException(source + " holds a '" + m.group(1)
          + "', not an unencrypted PKCS#8 Ed25519 'PRIVATE KEY'; " + OPENSSL_HINT);
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
    PrivateKey key;
    try {
      key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " is not an Ed25519 private key; " + OPENSSL_HINT, e);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
    return new ReceiptKey(withPublicKey(key, source));
  }

  /**
   * PKCS#8 files from openssl carry no public key, and the JDK has no call that derives one. Its
   * Ed25519 generator, though, takes the 32-byte private key from the random source it is given
   * and computes the public key from it (RFC 8032 5.1.5), so a source that yields exactly the loaded
   * key reproduces the pair. A signature made and checked with the result proves the pair matches
   * before the key is used.
   */
  private static KeyPair withPublicKey(PrivateKey key, String source) {
    byte[] seed = ((EdECPrivateKey) key).getBytes()
        .orElseThrow(() -> new IllegalArgumentException(source + " holds no Ed25519 key bytes"));
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
      gen.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      KeyPair derived = gen.generateKeyPair();
      byte[] probe = "zeroprint receipt key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(probe);
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(derived.getPublic());
      verifier.update(probe);
      if (!verifier.verify(signer.sign())) {
        throw new IllegalStateException("could not derive the public key of " + source);
      }
      return new KeyPair(derived.getPublic(), key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not derive the public key of " + source, e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** The public key to publish, e.g. at {@code /.well-known/zeroprint-receipt-key}; a copy. */
  public JsonObject publicJwk() {
    return publicJwk.copy();
  }

  /** The RFC 7638 thumbprint of the public key, the JWS header's {@code kid}. */
  public String keyId() {
    return publicJwk.getString("kid");
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  PublicKey publicKey() {
    return publicKey;
  }

  /** Hands out the given bytes once; only for {@link #withPublicKey}. */
  private static final class FixedBytes extends SecureRandom {
    private final byte[] bytes;
    private boolean used;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public void nextBytes(byte[] out) {
      if (used || out.length != bytes.length) {
        throw new IllegalStateException("unexpected use of the key source");
      }
      used = true;
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
