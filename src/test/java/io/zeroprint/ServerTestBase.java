package io.zeroprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import io.zeroprint.bus.Bus;
import io.zeroprint.config.ConfigLoader;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.contract.ContractCheck;
import io.zeroprint.contract.OpenApiDocument;
import io.zeroprint.contract.ValidatingHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts a real zeroprint (real models, real HTTP) on port 0 with tight limits, once per test class,
 * and gives one-line requests and assertions. Subclasses tighten or loosen limits via {@link #overrides()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTestBase {
  protected static final Duration TIMEOUT = Duration.ofSeconds(60);
  protected static final long MAX_UPLOAD = 4L << 20;
  protected static final String BOUNDARY = "zeroprint-test-boundary";
  /** The default caller of every helper request: may enhance and read operational routes. */
  protected static final String SUBJECT = "tester";
  protected static final String TOKEN = TestTokens.token(SUBJECT, "enhance admin");

  protected ZeroprintServer server;
  private final List<Handler<DeliveryContext<Object>>> interceptors = new ArrayList<>();
  protected HttpClient http;

  /** Tight limits: small uploads, ~1 MP input, tiles small enough that every test image is tiled. */
  protected JsonObject overrides() {
    return new JsonObject()
        .put("http", new JsonObject().put("port", 0).put("instances", 1))
        .put("management", new JsonObject().put("port", -1)) // the management tests turn it on
        .put("auth", new JsonObject().put("jwks", TestTokens.jwksFile().toString()).put("issuer", TestTokens.ISSUER)
            .put("audience", TestTokens.AUDIENCE))
        .put("abuse", new JsonObject().put("perSubjectPerMinute", 100_000).put("perIpPerMinute", 100_000)
            .put("dailyQuota", 100_000).put("maxConcurrentPerSubject", 16))
        .put("buffers", new JsonObject().put("budgetBytes", 256L << 20))
        .put("limits", new JsonObject().put("maxUploadBytes", MAX_UPLOAD).put("maxInputPixels", 1_000_000L)
            .put("maxResultPixels", 8_000_000L))
        .put("worker", new JsonObject().put("poolSize", 1).put("queueSize", 1).put("tileOutputSide", 256)
            .put("jobTimeoutSeconds", 60))
        .put("models", new JsonObject().put("dir", TestModels.bundledOnly().toString())
            // compiled by the first full-size tile, not at each test class's start
            .put("upscaleCompile", "lazy"))
        // Closing after a test cancels what is left at once; the drain tests set their own grace.
        .put("shutdown", new JsonObject().put("graceSeconds", 0));
  }

  @BeforeAll
  void startServer() throws Exception {
    ZeroprintConfig config = ConfigLoader.fromJson(overrides());
    server = ZeroprintServer.start(config).toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    http = new ValidatingHttpClient(http, new ContractCheck(OpenApiDocument.get(), sendsOnlyValidRequests()),
        u -> "127.0.0.1".equals(u.getHost()) && u.getPort() == server.port());
  }

  /**
   * Every answer {@link #http} gets is checked against {@code openapi.yaml}, and so is every request
   * the server accepts; tests that send deliberately hostile requests opt out of the request check.
   */
  protected boolean sendsOnlyValidRequests() {
    return true;
  }

  /** Disagreements with the contract found after their call returned (a stream's body, an asynchronous send). */
  @AfterEach
  void assertContractKept() {
    if (http instanceof ValidatingHttpClient v) {
      List<String> found = v.takeViolations();
      assertTrue(found.isEmpty(), () -> "answers disagree with openapi.yaml:\n  " + String.join("\n  ", found));
    }
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /**
   * Counts down once per job message the worker receives: "the job was dispatched" as an event. The
   * interceptor is removed after the test.
   */
  protected CountDownLatch jobsDispatched(int count) {
    CountDownLatch latch = new CountDownLatch(count);
    Handler<DeliveryContext<Object>> interceptor = ctx -> {
      if (Bus.ENHANCE.equals(ctx.message().address())) {
        latch.countDown();
      }
      ctx.next();
    };
    intercept(interceptor);
    return latch;
  }

  /** Adds an event-bus interceptor for this test only (it is removed after the test). */
  protected void intercept(Handler<DeliveryContext<Object>> interceptor) {
    server.vertx().eventBus().addInboundInterceptor(interceptor);
    interceptors.add(interceptor);
  }

  /** Waits for a latch, failing the test when the wait times out. */
  protected static void await(CountDownLatch latch, String what) {
    try {
      assertTrue(latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "timed out waiting for " + what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void removeInterceptors() {
    interceptors.forEach(i -> server.vertx().eventBus().removeInboundInterceptor(i));
    interceptors.clear();
  }

  protected URI uri(String pathAndQuery) {
    return URI.create(scheme() + "://127.0.0.1:" + server.port() + pathAndQuery);
  }

  /** {@code http}, or {@code https} for TLS tests. */
  protected String scheme() {
    return "http";
  }

  /** POSTs {@code body} as a raw image body. */
  protected HttpResponse<byte[]> postRaw(String pathAndQuery, String contentType, byte[] body) {
    return send(request(pathAndQuery).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  /** A request builder with the default caller's token (in development mode, the server's own token). */
  protected HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + server.developmentToken().orElse(TOKEN));
  }

  /** The Authorization header line for raw-socket requests. */
  protected static String authHeader() {
    return "Authorization: Bearer " + TOKEN + "\r\n";
  }

  /** POSTs a multipart body with the file part {@code image} and, if given, an {@code options} field. */
  protected HttpResponse<byte[]> postMultipart(String pathAndQuery, byte[] image, String optionsJson) {
    Multipart m = new Multipart(BOUNDARY).file("image", "photo.bin", "application/octet-stream", image);
    if (optionsJson != null) {
      m.field("options", optionsJson);
    }
    return send(request(pathAndQuery)
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(m.build())).build());
  }

  protected HttpResponse<byte[]> get(String path) {
    return send(request(path).GET().build());
  }

  protected HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Asserts an RFC 9457 problem with this status and stable code; returns its JSON. */
  public static JsonObject assertProblem(HttpResponse<byte[]> resp, int status, String code) {
    String body = new String(resp.body(), StandardCharsets.UTF_8);
    assertEquals(status, resp.statusCode(), () -> "status; body: " + body);
    assertEquals("application/problem+json", resp.headers().firstValue("content-type").orElse(""));
    JsonObject problem = new JsonObject(body);
    assertEquals(code, problem.getString("code"), body);
    assertEquals(status, problem.getInteger("status"));
    assertTrue(problem.getString("type").endsWith(code));
    return problem;
  }

  /**
   * Waits for the pool to report no image memory in use (an event, not a poll), then checks the
   * Prometheus gauge says the same.
   */
  protected void assertBuffersReleased() {
    try {
      server.store().whenDrained().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("image memory still in use: " + server.store().stats(), e);
    }
    assertEquals(0.0, metric("zeroprint_buffer_in_use_bytes"), "zeroprint_buffer_in_use_bytes");
  }

  /** Reads one sample from {@code GET /metrics}, e.g. {@code zeroprint_jobs_total{outcome="done"}}. */
  protected double metric(String series) {
    String text = new String(get("/metrics").body(), StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("metric " + series + " not exposed");
  }

  public static byte[] resource(String path) {
    try (InputStream in = ServerTestBase.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
