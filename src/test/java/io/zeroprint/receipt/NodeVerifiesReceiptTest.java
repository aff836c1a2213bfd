package io.zeroprint.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JOSE implementation other than ours accepts the receipts: Node.js's crypto, driven by the
 * script the README gives clients. Node is required (CI installs it); without it this test fails.
 */
class NodeVerifiesReceiptTest {
  private static final Path SCRIPT = Path.of("src/test/resources/receipt/verify-receipt.mjs");

  @TempDir
  Path dir;

  private final ReceiptKey key = ReceiptKey.generate();
  private final ReceiptSigner signer = new ReceiptSigner(key, "zeroprint");

  @Test
  void nodeVerifiesASignedReceiptAgainstThePublishedJwkAndPrintsItsClaims() throws Exception {
    String jws = signer.sign(ReceiptSignerTest.RECEIPT);

    Result r = node(key.publicJwk().encode(), jws);

    assertEquals(0, r.exit(), r.err());
    assertEquals(ReceiptSignerTest.RECEIPT.claims("zeroprint"), new JsonObject(r.out()));
  }

  @Test
  void nodeTakesTheJwkFromAFileAsServed() throws Exception {
    Path jwk = Files.writeString(dir.resolve("zeroprint-receipt-key.json"), key.publicJwk().encodePrettily());

    Result r = node(jwk.toString(), signer.sign(ReceiptSignerTest.RECEIPT));

    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void nodeRefusesAReceiptWhoseClaimsWereAltered() throws Exception {
    String[] parts = signer.sign(ReceiptSignerTest.RECEIPT).split("\\.");
    String forged = ReceiptSignerTest.encode(ReceiptSignerTest.decode(parts[1]).put("delivered", false));

    Result r = node(key.publicJwk().encode(), parts[0] + "." + forged + "." + parts[2]);

    assertNotEquals(0, r.exit());
    assertTrue(r.err().contains("bad signature"), r.err());
  }

  @Test
  void nodeRefusesAReceiptSignedByAnotherKey() throws Exception {
    String jws = new ReceiptSigner(ReceiptKey.generate(), "zeroprint").sign(ReceiptSignerTest.RECEIPT);

    Result r = node(key.publicJwk().encode(), jws);

    assertNotEquals(0, r.exit());
  }

  private record Result(int exit, String out, String err) {}

  private Result node(String jwk, String jws) throws IOException, InterruptedException {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(List.of("node", SCRIPT.toString(), jwk, jws))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node did not finish");
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
