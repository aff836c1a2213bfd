package io.zeroprint.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.config.ConfigException;
import io.zeroprint.config.ReceiptsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptKeyTest {
  @TempDir
  Path dir;

  @Test
  void aPkcs8PemKeyFileRoundTripsToTheSamePublicKeyAndSigns() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path file = write("receipt-key.pem", "PRIVATE KEY", pair.getPrivate().getEncoded());

    ReceiptKey loaded = ReceiptKey.fromPemFile(file);

    assertEquals(Ed25519Jwk.publicJwk(pair.getPublic()), loaded.publicJwk());
    String jws = new ReceiptSigner(loaded, "zeroprint").sign(ReceiptSignerTest.RECEIPT);
    assertEquals("job-7f3a", new ReceiptVerifier(Ed25519Jwk.publicJwk(pair.getPublic())).verify(jws).getString("jti"));
  }

  @Test
  void thePublicKeyOfAnOpensslStyleFileIsDerivedAsRfc8037Does() throws Exception {
    // RFC 8037 appendix A.1: d and x of the same key; the file holds only d, as openssl writes it
    byte[] d = Base64.getUrlDecoder().decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");
    byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420" + HexFormat.of().formatHex(d));

    ReceiptKey loaded = ReceiptKey.fromPemFile(write("rfc8037.pem", "PRIVATE KEY", pkcs8));

    assertEquals("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", loaded.publicJwk().getString("x"));
    assertEquals("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", loaded.keyId());
  }

  @Test
  void aKeyFileWithAnotherKindOfKeyIsRefusedSayingSoAndHowToMakeOne() throws Exception {
    KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
    Path file = write("ec.pem", "PRIVATE KEY", ec.getPrivate().getEncoded());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReceiptKey.fromPemFile(file));

    assertTrue(e.getMessage().contains("is not an Ed25519 private key"), e.getMessage());
    assertTrue(e.getMessage().contains("openssl genpkey -algorithm ed25519"), e.getMessage());
  }

  @Test
  void aPemOfAnotherTypeIsNamedInTheRefusal() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path file = write("public.pem", "PUBLIC KEY", pair.getPublic().getEncoded());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReceiptKey.fromPemFile(file));

    assertTrue(e.getMessage().contains("'PUBLIC KEY'"), e.getMessage());
  }

  @Test
  void aBadConfiguredKeyFileStopsStartUpNamingTheSettingAndItsVariable() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-key.pem"), "hello");

    ConfigException e = assertThrows(ConfigException.class,
        () -> ReceiptKey.from(new ReceiptsConfig(file.toString(), "zeroprint")));

    assertEquals("receipts.keyFile", e.setting());
    assertTrue(e.getMessage().contains("ZEROPRINT_RECEIPTS_KEY_FILE"), e.getMessage());
  }

  @Test
  void withoutAKeyFileEachProcessGetsItsOwnKey() {
    ReceiptsConfig none = new ReceiptsConfig("", "zeroprint");

    assertNotEquals(ReceiptKey.from(none).keyId(), ReceiptKey.from(none).keyId());
  }

  private Path write(String name, String label, byte[] der) throws Exception {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return Files.writeString(dir.resolve(name), "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n");
  }
}
