package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.uploads.Tus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the real server as its own process with an empty working directory and an empty
 * {@code java.io.tmpdir}, sends uploads that succeed, fail and are abandoned, fetches the web app,
 * and checks that both folders stay empty and that the process holds no file open (or deleted)
 * outside what it reads (the web app's files are read once at start-up and closed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoImageByteTouchesDiskTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern DEV_TOKEN = Pattern.compile("export ZEROPRINT_TOKEN=(\\S+)");

  private Path sandbox;
  private Path workDir;
  private Path tmpDir;
  private Process process;
  private int port;
  private final CompletableFuture<String> token = new CompletableFuture<>();
  private final List<String> output = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  void startServerProcess() throws Exception {
    sandbox = Files.createTempDirectory("zeroprint-nodisk");
    workDir = Files.createDirectory(sandbox.resolve("work"));
    tmpDir = Files.createDirectory(sandbox.resolve("tmp"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmpDir, "-cp",
        System.getProperty("java.class.path"), "io.zeroprint.Main")
        .directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().put("ZEROPRINT_HTTP_PORT", "0");
    pb.environment().put("ZEROPRINT_HTTP_INSTANCES", "1");
    pb.environment().put("ZEROPRINT_MANAGEMENT_PORT", "0");
    pb.environment().put("ZEROPRINT_WEBHOOKS_ALLOWED_HOSTS", "127.0.0.1");
    pb.environment().put("ZEROPRINT_MODELS_DIR", Path.of("models").toAbsolutePath().toString());
    process = pb.start();
    port = awaitPort();
    // no JWKS and a loopback bind: development mode, whose token the server prints for this run
    token.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @AfterAll
  void stopServerProcess() throws Exception {
    if (process != null) {
      process.destroy();
      process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    try (Stream<Path> s = Files.walk(sandbox)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void uploadsOfEveryKindAndServingTheWebAppLeaveTheWorkingAndTempDirectoriesEmpty() throws Exception {
    byte[] png = ServerTestBase.resource("images/astronaut.png");
    byte[] jpeg = ServerTestBase.resource("images/rocket.jpg");
    Multipart form = new Multipart("b").file("image", "astronaut.png", "image/png", png).field("options", "{\"scale\":2}");

    assertEquals(200, post("/v1/enhance", "multipart/form-data; boundary=b", form.build()).statusCode());
    assertEquals(200, post("/v1/enhance?format=jpeg", "image/jpeg", jpeg).statusCode());
    assertEquals(422, post("/v1/enhance", "image/png", TestImages.truncated(png, 0.5)).statusCode());
    try (RawHttp raw = new RawHttp(port, TIMEOUT)) {
      raw.head("POST /v1/enhance HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token.join() + "\r\nContent-Type: image/png\r\nContent-Length: " + png.length + "\r\n");
      raw.body(java.util.Arrays.copyOf(png, png.length / 3));
    }
    assertEquals(200, post("/v1/enhance", "image/png", TestImages.encode(TestImages.gradient(16, 16), "png")).statusCode());

    serveTheWebApp();

    assertEquals(List.of(), listRecursively(workDir), "working directory");
    assertEquals(List.of(), listRecursively(tmpDir), "java.io.tmpdir");
    assertNoSuspiciousOpenFiles();
  }

  /** The web app, its configuration and a development token, as a browser fetches them: all from memory. */
  private void serveTheWebApp() throws Exception {
    HttpResponse<byte[]> index = get("/", null);
    assertEquals(200, index.statusCode());
    String etag = index.headers().firstValue("etag").orElseThrow();
    assertEquals(304, get("/", etag).statusCode());
    assertEquals(200, get("/js/main.js", null).statusCode());
    assertEquals(200, get("/app-config.json", null).statusCode());
    assertEquals(404, get("/README.md", null).statusCode());
    HttpResponse<byte[]> token = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/dev/token"))
        .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, token.statusCode());
  }

  private HttpResponse<byte[]> get(String path, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT);
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void resumableUploadsCompletedAbandonedAndTerminatedLeaveTheDirectoriesEmpty() throws Exception {
    byte[] jpeg = ServerTestBase.resource("images/rocket.jpg");
    Tus tus = new Tus(http, port, TIMEOUT);
    HttpResponse<byte[]> last = tus.upload(token.join(), jpeg, Map.of("scale", "2"), 40_000);
    assertEquals(204, last.statusCode());
    tus.result(token.join(), last.headers().firstValue("Zeroprint-Job").orElseThrow());

    String cut = tus.createWith(token.join(), jpeg.length, Map.of(), java.util.Arrays.copyOf(jpeg, 30_000))
        .headers().firstValue("Location").orElseThrow();
    try (RawHttp raw = new RawHttp(port, TIMEOUT)) { // a PATCH that breaks off a third of the way
      raw.head("PATCH " + cut + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token.join()
          + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 30000\r\nContent-Type: application/offset+octet-stream"
          + "\r\nContent-Length: " + (jpeg.length - 30_000) + "\r\n");
      raw.body(java.util.Arrays.copyOfRange(jpeg, 30_000, 60_000));
    }
    assertEquals(204, tus.delete(token.join(), cut).statusCode());

    assertEquals(List.of(), listRecursively(workDir), "working directory");
    assertEquals(List.of(), listRecursively(tmpDir), "java.io.tmpdir");
    assertNoSuspiciousOpenFiles();
  }

  @Test
  void aJobWithAWebhookLeavesTheDirectoriesEmpty() throws Exception {
    byte[] png = ServerTestBase.resource("images/astronaut.png");
    java.util.concurrent.CompletableFuture<String> delivered = new java.util.concurrent.CompletableFuture<>();
    com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", exchange -> {
      delivered.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    try {
      String hook = java.net.URLEncoder.encode("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
          StandardCharsets.UTF_8);
      HttpResponse<byte[]> accepted = post("/v1/jobs?webhook=" + hook, "image/png", png);
      assertEquals(202, accepted.statusCode(), new String(accepted.body(), StandardCharsets.UTF_8));
      String event = delivered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(event.contains("\"state\":\"done\""), event);
      String job = new io.vertx.core.json.JsonObject(new String(accepted.body(), StandardCharsets.UTF_8)).getString("job");
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs/" + job
          + "/result")).timeout(TIMEOUT).header("Authorization", "Bearer " + token.join()).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray()).statusCode());
    } finally {
      receiver.stop(0);
    }

    assertEquals(List.of(), listRecursively(workDir), "working directory");
    assertEquals(List.of(), listRecursively(tmpDir), "java.io.tmpdir");
    assertNoSuspiciousOpenFiles();
  }

  /** Every open file is one the server reads (JDK, jars, models, native caches) and none is deleted. */
  private void assertNoSuspiciousOpenFiles() throws IOException {
    Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
    if (!Files.isDirectory(fds)) {
      return; // not Linux: the directory checks above still hold
    }
    List<String> suspicious = new ArrayList<>();
    try (Stream<Path> links = Files.list(fds)) {
      for (Path link : links.toList()) {
        String target;
        try {
          target = Files.readSymbolicLink(link).toString();
        } catch (IOException gone) {
          continue;
        }
        boolean file = target.startsWith("/");
        if (file && (target.endsWith("(deleted)") || target.contains("/webroot/") || target.startsWith(workDir.toString())
            || target.startsWith(tmpDir.toString()))) {
          suspicious.add(target);
        }
      }
    }
    assertTrue(suspicious.isEmpty(), "files held open: " + suspicious);
  }

  private HttpResponse<byte[]> post(String path, String type, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token.join()).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private int awaitPort() throws Exception {
    CompletableFuture<Integer> found = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (output) {
            output.add(line);
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            found.complete(Integer.parseInt(m.group(1)));
          }
          Matcher t = DEV_TOKEN.matcher(line);
          if (t.find()) {
            token.complete(t.group(1));
          }
        }
        found.completeExceptionally(new IllegalStateException("server exited: " + output));
      } catch (IOException e) {
        found.completeExceptionally(e);
      }
    }, "server-output");
    reader.setDaemon(true);
    reader.start();
    return found.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static List<String> listRecursively(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}
