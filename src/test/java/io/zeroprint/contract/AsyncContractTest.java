package io.zeroprint.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import io.zeroprint.error.ErrorCode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AsyncAPI document itself: valid for the AsyncAPI parser, its message types exactly those the
 * server's code sends and reads, every one of them seen in a real session, its examples valid, and
 * the checks the other tests rely on catching what they should.
 */
class AsyncContractTest extends ServerTestBase {
  /** The text messages the server sends on {@code /v1/ws}, and the ones it reads. */
  private static final Set<String> SERVER_SENDS = Set.of("accepted", "job", "key", "result", "result-end", "error");
  private static final Set<String> CLIENT_SENDS = Set.of("submit", "subscribe", "fetch", "cancel");
  /** Where the socket's messages are written: the session, and the job (its events). */
  private static final List<Path> SENDERS = List.of(Path.of("src/main/java/io/zeroprint/http/WebSocketSession.java"),
      Path.of("src/main/java/io/zeroprint/jobs/Job.java"));
  private static final Pattern SENT_TYPE = Pattern.compile("\\.put\\(\"type\", \"([a-z-]+)\"\\)");
  private static final Pattern READ_TYPE = Pattern.compile("case \"([a-z-]+)\" ->");
  private static final String JOB = "0b4f5a8e-5f7c-4d55-9f0e-2a61c1f8d0b7";

  private final AsyncContract contract = AsyncContract.get();

  @TempDir
  Path dir;

  @Test
  void theAsyncApiParserFindsNoErrorInTheDocument() throws Exception {
    File out = dir.resolve("parser.txt").toFile();
    Process p = new ProcessBuilder("node", "src/test/contract/check-asyncapi.mjs",
        "src/main/resources/" + AsyncContract.DOCUMENT).redirectErrorStream(true).redirectOutput(out).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the AsyncAPI parser did not finish");
    String said = Files.readString(out.toPath(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), said);
    assertTrue(said.contains("OK 3.0.0 channels=2"), said);
  }

  @Test
  void theServerSendsExactlyTheMessageTypesTheContractDeclares() throws Exception {
    Set<String> inCode = new TreeSet<>();
    for (Path source : SENDERS) {
      inCode.addAll(matches(SENT_TYPE, Files.readString(source)));
    }
    assertEquals(new TreeSet<>(SERVER_SENDS), inCode, "types the server's code writes");
    assertEquals(new TreeSet<>(SERVER_SENDS), contract.serverTypes(), "types the contract lets the server send");
  }

  @Test
  void theServerReadsExactlyTheMessageTypesTheContractDeclares() throws Exception {
    Set<String> inCode = matches(READ_TYPE, Files.readString(SENDERS.get(0)));
    assertEquals(new TreeSet<>(CLIENT_SENDS), inCode, "types the session dispatches on");
    assertEquals(new TreeSet<>(CLIENT_SENDS), contract.clientTypes(), "types the contract lets a client send");
  }

  @Test
  void aSessionThroughEveryMessageSeesEachTypeTheServerMaySendAndNothingElse() throws Exception {
    byte[] png = TestImages.encode(TestImages.gradient(40, 30), "png");
    try (WsClient ws = new WsClient(server.port(), TOKEN, TIMEOUT)) {
      String first = submit(ws, png, new JsonObject().put("scale", 2));
      ws.await(WsClient.type("result-end"));
      String retained = submit(ws, png, new JsonObject().put("scale", 2).put("retain", "PT1H"));
      String key = ws.await(WsClient.type("key")).getString("result_key");
      ws.await(WsClient.jobIn(retained, "done"));
      ws.send(new JsonObject().put("type", "subscribe").put("job", retained));
      ws.send(new JsonObject().put("type", "fetch").put("job", retained));
      ws.send(new JsonObject().put("type", "cancel").put("job", first));
      JsonObject error = ws.await(WsClient.type("error"));
      assertEquals("result_gone", error.getString("code"), error.encode());
      assertEquals(200, send(request("/v1/jobs/" + retained + "/result").header("Zeroprint-Result-Key", key)
          .GET().build()).statusCode());
      assertEquals(200, send(request("/v1/jobs/" + retained).DELETE().build()).statusCode());
    }
    assertEquals(new TreeSet<>(SERVER_SENDS), contract.seen());
    assertBuffersReleased();
  }

  @Test
  void everyExampleInTheDocumentIsAValidMessage() {
    assertEquals(List.of(), contract.examples());
  }

  @Test
  void theProblemCodesOfTheSchemasAreTheErrorCatalogue() throws Exception {
    Set<String> declared = ContractSchemas.json("contract/schemas/problem-code.json").getJsonArray("enum").stream()
        .map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    Set<String> catalogue = Arrays.stream(ErrorCode.values()).map(ErrorCode::code)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(catalogue, declared);
  }

  @Test
  void aFieldTheContractDoesNotDeclareIsABreach() {
    assertEquals(List.of(), contract.serverText(
        "{\"type\":\"accepted\",\"job\":\"" + JOB + "\"}"));
    assertFalse(contract.serverText("{\"type\":\"accepted\",\"job\":\"" + JOB + "\",\"extra\":1}").isEmpty());
    assertFalse(contract.clientText("{\"type\":\"cancel\",\"job\":\"" + JOB + "\",\"force\":true}").isEmpty());
  }

  @Test
  void aMessageWhoseStringBreaksItsFormatIsABreach() {
    String job = "{\"type\":\"job\",\"job\":\"" + JOB + "\",\"seq\":1,\"state\":\"queued\",\"created\":"
        + "\"2026-11-30T11:02:17.118204Z\",\"progress\":{\"upload\":{\"received\":5,\"total\":5}},"
        + "\"links\":{\"receipt\":\"/v1/receipts/" + JOB + "\"}}";
    assertEquals(List.of(), contract.serverText(job));
    List<String> badDate = contract.serverText(job.replace("2026-11-30T11:02:17.118204Z", "30/11/2026 11:02"));
    assertTrue(badDate.stream().anyMatch(e -> e.contains("/created") && e.contains("date-time")), badDate::toString);
  }

  @Test
  void aTypeTheContractDoesNotDeclareIsABreach() {
    assertFalse(contract.serverText("{\"type\":\"progress\",\"job\":\"" + JOB + "\"}").isEmpty());
    assertFalse(contract.serverText("[1,2]").isEmpty());
    assertFalse(contract.clientText("{\"type\":\"accepted\",\"job\":\"" + JOB + "\"}").isEmpty(),
        "a server message sent by a client");
  }

  @Test
  void aResultThatDoesNotMatchItsAnnouncementIsABreach() {
    ResultFraming framing = new ResultFraming();
    assertFalse(framing.binary(new byte[1]).isEmpty(), "binary data outside a result");
    String header = "{\"type\":\"result\",\"job\":\"" + JOB + "\",\"contentType\":\"image/png\",\"bytes\":3,"
        + "\"chunks\":2,\"width\":1,\"height\":1}";
    assertEquals(List.of(), framing.text(header));
    assertEquals(List.of(), framing.binary(new byte[2]));
    String end = "{\"type\":\"result-end\",\"job\":\"" + JOB + "\",\"sha256\":\"" + "0".repeat(64) + "\",\"receipt\":null}";
    List<String> broken = framing.text(end);
    assertEquals(2, broken.size(), broken::toString); // one chunk short, and the digest of other bytes
    assertFalse(contract.serverBinary(65_537).isEmpty(), "a result chunk over 64 KiB");
  }

  @Test
  void anSseEventWhoseIdIsNotItsSeqOrWhoseEventIsNotJobIsABreach() {
    String data = "{\"type\":\"job\",\"job\":\"" + JOB + "\",\"seq\":3,\"state\":\"queued\",\"created\":"
        + "\"2026-11-30T11:02:17.118204Z\",\"progress\":{\"upload\":{\"received\":5,\"total\":5},"
        + "\"queue\":{\"position\":1}},\"links\":{\"receipt\":\"/v1/receipts/" + JOB + "\"}}";
    assertEquals(List.of(), contract.sseEvent(Map.of("id", "3", "event", "job"), data));
    assertFalse(contract.sseEvent(Map.of("id", "4", "event", "job"), data).isEmpty());
    assertFalse(contract.sseEvent(Map.of("id", "3", "event", "progress"), data).isEmpty());
    assertFalse(contract.sseEvent(Map.of("id", "3", "event", "job"), data.replace("queued", "paused")).isEmpty());
    assertEquals(List.of(), contract.sseComment("ping"));
  }

  private static String submit(WsClient ws, byte[] image, JsonObject options) throws Exception {
    ws.send(new JsonObject().put("type", "submit").put("size", image.length).put("options", options));
    String id = ws.await(WsClient.type("accepted")).getString("job");
    ws.sendBinary(image);
    return id;
  }

  private static Set<String> matches(Pattern p, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
