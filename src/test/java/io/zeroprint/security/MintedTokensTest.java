package io.zeroprint.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar zeroprint.jar tokens mint}, run as its own process: it signs with the operator's
 * private key file, warns that the token is for testing, starts no server, and the token works on a
 * real server that knows only the matching public keys (a JWKS file).
 */
class MintedTokensTest extends ServerTestBase {
  private static final byte[] IMAGE = TestImages.encode(TestImages.gradient(16, 16), "png");
  private final Path dir = createDir();
  private final KeyPair rsa = generate("RSA", 2048);
  private final KeyPair ec = generate("EC", 0);

  @Override
  protected JsonObject overrides() {
    Path jwks = dir.resolve("jwks.json");
    write(jwks, new JsonObject().put("keys", new JsonArray().add(rsaJwk("rsa-1")).add(ecJwk("ec-1"))).encode());
    write(dir.resolve("rsa.pem"), pem(rsa));
    write(dir.resolve("ec.pem"), pem(ec));
    return super.overrides().put("auth", new JsonObject().put("jwks", jwks.toString())
        .put("issuer", TestTokens.ISSUER).put("audience", TestTokens.AUDIENCE));
  }

  @Test
  void aTokenMintedWithAnRsaKeyFileWorksOnEnhance() throws Exception {
    assertMintedTokenEnhances("rsa.pem", "rsa-1");
  }

  @Test
  void aTokenMintedWithAnEcKeyFileWorksOnEnhance() throws Exception {
    assertMintedTokenEnhances("ec.pem", "ec-1");
  }

  @Test
  void aBadKeyFileGivesOneClearLineAndExitCode2() throws Exception {
    write(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n");
    for (String file : new String[] {"public.pem", "missing.pem"}) {
      Minted m = mint(file, "rsa-1");
      assertEquals(2, m.status(), m.err());
      List<String> lines = m.err().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), m.err());
      assertTrue(lines.get(0).contains(file), lines.get(0));
      assertEquals("", m.out().trim(), "no token");
    }
  }

  @AfterAll
  void removeKeyFiles() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  private void assertMintedTokenEnhances(String keyFile, String kid) throws Exception {
    Minted m = mint(keyFile, kid);
    assertEquals(0, m.status(), m.err());
    assertTrue(m.err().contains("WARNING") && m.err().contains("testing"), m.err());
    assertFalse(m.err().contains("listening") || m.out().contains("listening"), "no server started");
    String token = m.out().trim();
    assertEquals(3, token.split("\\.").length, token);

    HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(uri("/v1/enhance")).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(IMAGE)).build());
    assertEquals(200, resp.statusCode(), () -> new String(resp.body(), StandardCharsets.UTF_8));
    HttpResponse<byte[]> admin = send(HttpRequest.newBuilder(uri("/v1/admin/status")).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token).GET().build());
    assertEquals(403, admin.statusCode(), "only the scope asked for");
  }

  private record Minted(int status, String out, String err) {}

  private Minted mint(String keyFile, String kid) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "io.zeroprint.Main",
        "tokens", "mint", "--key", dir.resolve(keyFile).toString(), "--kid", kid, "--subject", "minted-user",
        "--scope", "enhance", "--issuer", TestTokens.ISSUER, "--audience", TestTokens.AUDIENCE, "--ttl", "10m"));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("tokens mint did not end by itself");
    }
    return new Minted(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private JsonObject rsaJwk(String kid) {
    RSAPublicKey k = (RSAPublicKey) rsa.getPublic();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("alg", "RS256").put("use", "sig")
        .put("n", b64(k.getModulus())).put("e", b64(k.getPublicExponent()));
  }

  private JsonObject ecJwk(String kid) {
    ECPublicKey k = (ECPublicKey) ec.getPublic();
    return new JsonObject().put("kty", "EC").put("kid", kid).put("alg", "ES256").put("use", "sig").put("crv", "P-256")
        .put("x", b64(fixed(k.getW().getAffineX(), 32))).put("y", b64(fixed(k.getW().getAffineY(), 32)));
  }

  private static String b64(BigInteger i) {
    byte[] b = i.toByteArray();
    return b64(b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b);
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static byte[] fixed(BigInteger i, int length) {
    byte[] b = i.toByteArray();
    byte[] out = new byte[length];
    int n = Math.min(b.length, length);
    System.arraycopy(b, b.length - n, out, length - n, n);
    return out;
  }

  private static String pem(KeyPair keys) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
  }

  private static KeyPair generate(String type, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(type);
      if (bits > 0) {
        g.initialize(bits);
      } else {
        g.initialize(new ECGenParameterSpec("secp256r1"));
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path createDir() {
    try {
      return Files.createTempDirectory("zeroprint-mint");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
