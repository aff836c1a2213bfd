package io.zeroprint.residue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import io.zeroprint.Multipart;
import io.zeroprint.RawWebSocket;
import io.zeroprint.TestModels;
import io.zeroprint.residue.MemoryScan.Region;
import io.zeroprint.contract.SseEvents;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Uploads marked photos through every transport to servers running as processes of their own, waits
 * until every request has ended and its memory is back in the pool, then counts the markers left in
 * the server's memory. Memory zeroprint owns or can reach (socket, TLS and codec buffers, Vert.x's
 * heap copies, WebSocket frames, upload segments, pixels, tiles, tensors) must hold none; each copy
 * in memory it cannot reach is one {@link Residue} below, with its reason and a bound per request, so
 * a new copy anywhere fails the build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoCopyOfAPhotoOutlivesItsRequestTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int REQUESTS = 2;
  private static final Path CERT = Path.of("src/test/resources/tls/cert.pem");
  private static final Path KEY = Path.of("src/test/resources/tls/key.pem");
  private static final String BOUNDARY = "residue-boundary";

  enum Transport { RAW, RAW_JPEG_RESULT, MULTIPART, WEBSOCKET, WEBSOCKET_FRAGMENTS, JOBS_SSE, TLS_RAW, TLS_WEBSOCKET, HTTP2_RAW, HTTP2_MULTIPART }

  /** What is looked for: the upload's bytes, its decoded pixels, a model tile's floats, the encoded result's bytes. */
  enum Marker { UPLOAD_BYTES, PIXELS, TILE_FLOATS, RESULT_BYTES }

  private static final Set<Transport> TLS = EnumSet.of(Transport.TLS_RAW, Transport.TLS_WEBSOCKET, Transport.HTTP2_RAW,
      Transport.HTTP2_MULTIPART);
  private static final Set<Transport> MULTIPART = EnumSet.of(Transport.MULTIPART, Transport.HTTP2_MULTIPART);

  /** A copy zeroprint cannot reach: what holds it, why it stays, and at most how many per request. */
  record Residue(String holder, String why, Marker marker, Region region, Set<Transport> on, int perRequest) {}

  /** Everything else must be 0. */
  static final List<Residue> RESIDUES = List.of(
      new Residue("Vert.x's WebSocket message assembly: arrays dropped as the first fragment's copy grows",
          "inside Vert.x; the final copy and the frames are zeroed", Marker.UPLOAD_BYTES, Region.JAVA_HEAP,
          EnumSet.of(Transport.WEBSOCKET_FRAGMENTS), 2),
      new Residue("BoringSSL's TLS record read buffer (decrypted in place, freed unzeroed)",
          "native memory inside netty-tcnative", Marker.UPLOAD_BYTES, Region.NATIVE, TLS, 1),
      new Residue("ImageIO's PNG reader: row arrays and the buffered stream over its inflater (up to 2 images' worth seen)",
          "garbage inside the JDK's codec", Marker.PIXELS, Region.JAVA_HEAP, EnumSet.allOf(Transport.class),
          3 * MarkedPng.PIXEL_HITS_PER_IMAGE),
      new Residue("zlib's inflate window (java.util.zip.Inflater, malloc'd, freed unzeroed)",
          "native memory of the JDK's zlib", Marker.PIXELS, Region.NATIVE, EnumSet.allOf(Transport.class),
          MarkedPng.PIXEL_HITS_PER_IMAGE),
      new Residue("zlib's deflate buffers behind zeroprint's PNG encoder (java.util.zip.Deflater, one per row band, each holding its own part of the result; a JPEG result leaves none)",
          "native memory of the JDK's zlib", Marker.RESULT_BYTES, Region.NATIVE, EnumSet.allOf(Transport.class), 1));

  private ServerProcess plain;
  private ServerProcess tls;
  private SSLContext trust;
  private final Map<Transport, MarkedPng> sent = new EnumMap<>(Transport.class);
  /** 24 bytes from the middle of the result each HTTP transport received (the same for every request). */
  private final Map<Transport, byte[]> results = new EnumMap<>(Transport.class);

  @BeforeAll
  void startServers() throws Exception {
    trust = trustingTestCert();
    Map<String, String> common = Map.of(
        "ZEROPRINT_HTTP_PORT", "0", "ZEROPRINT_HTTP_INSTANCES", "1",
        "ZEROPRINT_MODELS_DIR", TestModels.bundledOnly().toAbsolutePath().toString(),
        "ZEROPRINT_ABUSE_PER_SUBJECT_PER_MINUTE", "100000", "ZEROPRINT_ABUSE_PER_IP_PER_MINUTE", "100000",
        "ZEROPRINT_ABUSE_MAX_CONCURRENT_PER_SUBJECT", "8");
    Map<String, String> withTls = new LinkedHashMap<>(common);
    withTls.put("ZEROPRINT_TLS_CERT", CERT.toAbsolutePath().toString());
    withTls.put("ZEROPRINT_TLS_KEY", KEY.toAbsolutePath().toString());
    plain = ServerProcess.start(common);
    tls = ServerProcess.start(withTls);
    plain.awaitReady(TIMEOUT);
    tls.awaitReady(TIMEOUT);
  }

  @AfterAll
  void stopServers() throws InterruptedException {
    for (ServerProcess p : new ServerProcess[] {plain, tls}) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  void noTransportLeavesACopyOfAPhotoBeyondItsNamedResidues() throws Exception {
    HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    HttpClient h1Tls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust)
        .connectTimeout(TIMEOUT).build();
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trust)
        .connectTimeout(TIMEOUT).build();
    String http = "http://127.0.0.1:" + plain.port();
    String https = "https://127.0.0.1:" + tls.port();
    for (Transport t : Transport.values()) {
      MarkedPng png = MarkedPng.create();
      sent.put(t, png);
      for (int i = 0; i < REQUESTS; i++) {
        byte[] result = switch (t) {
          case RAW -> enhance(h1, http, plain.token(), png, false, HttpClient.Version.HTTP_1_1);
          case RAW_JPEG_RESULT -> enhance(h1, http, plain.token(), png, false, HttpClient.Version.HTTP_1_1, "jpeg");
          case MULTIPART -> enhance(h1, http, plain.token(), png, true, HttpClient.Version.HTTP_1_1);
          case WEBSOCKET -> webSocket(new RawWebSocket(plain.port(), auth(plain), TIMEOUT), png, false);
          case WEBSOCKET_FRAGMENTS -> webSocket(new RawWebSocket(plain.port(), auth(plain), TIMEOUT), png, true);
          case JOBS_SSE -> jobWithEvents(h1, http, plain.token(), png);
          case TLS_RAW -> enhance(h1Tls, https, tls.token(), png, false, HttpClient.Version.HTTP_1_1);
          case TLS_WEBSOCKET -> webSocket(new RawWebSocket(tlsSocket(), auth(tls)), png, false);
          case HTTP2_RAW -> enhance(h2, https, tls.token(), png, false, HttpClient.Version.HTTP_2);
          case HTTP2_MULTIPART -> enhance(h2, https, tls.token(), png, true, HttpClient.Version.HTTP_2);
        };
        if (result != null) {
          results.put(t, Arrays.copyOfRange(result, result.length / 2, result.length / 2 + MarkedPng.MARKER));
        }
      }
    }
    awaitNothingInUse(h1, http, plain.token());
    awaitNothingInUse(h1Tls, https, tls.token());

    List<String> over = new ArrayList<>();
    StringBuilder table = new StringBuilder("copies left (transport marker region: found / allowed)\n");
    check(plain, Transport.values(), t -> !TLS.contains(t), over, table);
    check(tls, Transport.values(), TLS::contains, over, table);
    System.out.println(table);
    assertTrue(over.isEmpty(), String.join("\n", over) + "\n" + table);
  }

  private void check(ServerProcess server, Transport[] all, Predicate<Transport> served,
      List<String> over, StringBuilder table) throws Exception {
    List<Transport> mine = Arrays.stream(all).filter(served).toList();
    List<byte[]> markers = new ArrayList<>();
    for (Transport t : mine) {
      markers.addAll(List.of(sent.get(t).raw(), sent.get(t).pixels(), sent.get(t).floats()));
      Optional.ofNullable(results.get(t)).ifPresent(markers::add);
    }
    Map<byte[], Map<Region, Integer>> found = MemoryScan.count(server.pid(), markers);
    for (Transport t : mine) {
      MarkedPng png = sent.get(t);
      for (Marker m : Marker.values()) {
        byte[] bytes = switch (m) {
          case UPLOAD_BYTES -> png.raw();
          case PIXELS -> png.pixels();
          case TILE_FLOATS -> png.floats();
          case RESULT_BYTES -> results.get(t);
        };
        if (bytes == null) {
          continue; // the WebSocket client here does not keep the result's bytes
        }
        for (Region r : Region.values()) {
          int n = found.getOrDefault(bytes, Map.of()).getOrDefault(r, 0);
          int allowed = allowed(t, m, r);
          table.append(String.format("%-20s %-13s %-9s %4d / %d%n", t, m, r, n, allowed));
          if (n > allowed) {
            over.add(t + ": " + n + " copies of " + m + " in " + r + ", at most " + allowed + " allowed"
                + (allowed == 0 ? " (memory zeroprint owns or can reach)" : " (" + named(t, m, r) + ")"));
          }
        }
      }
    }
  }

  static int allowed(Transport t, Marker m, Region r) {
    return RESIDUES.stream().filter(x -> x.marker() == m && x.region() == r && x.on().contains(t))
        .mapToInt(x -> x.perRequest() * REQUESTS).sum();
  }

  private static String named(Transport t, Marker m, Region r) {
    return String.join("; ", RESIDUES.stream().filter(x -> x.marker() == m && x.region() == r && x.on().contains(t))
        .map(x -> x.holder() + ": " + x.why()).toList());
  }

  private static byte[] enhance(HttpClient client, String base, String token, MarkedPng png, boolean multipart,
      HttpClient.Version version) throws Exception {
    return enhance(client, base, token, png, multipart, version, "png");
  }

  private static byte[] enhance(HttpClient client, String base, String token, MarkedPng png, boolean multipart,
      HttpClient.Version version, String format) throws Exception {
    byte[] body = multipart ? new Multipart(BOUNDARY).file("image", "m.png", "image/png", png.png()).build() : png.png();
    String type = multipart ? "multipart/form-data; boundary=" + BOUNDARY : "image/png";
    HttpResponse<byte[]> res = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/enhance?scale=2&format=" + format))
        .timeout(TIMEOUT).header("Authorization", "Bearer " + token).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, res.statusCode(), () -> new String(res.body()));
    assertEquals(version, res.version());
    return res.body();
  }

  /** Nothing to return: the socket's result chunks are skipped, not kept. */
  private static byte[] webSocket(RawWebSocket ws, MarkedPng png, boolean fragments) throws IOException {
    try (ws) {
      ws.sendText(new JsonObject().put("type", "submit").put("size", png.png().length)
          .put("options", new JsonObject().put("scale", 2)).encode());
      byte[] b = png.png();
      if (fragments) {
        int third = b.length / 3;
        ws.frame(false, 0, RawWebSocket.BINARY, Arrays.copyOfRange(b, 0, third));
        ws.frame(false, 0, RawWebSocket.CONTINUATION, Arrays.copyOfRange(b, third, 2 * third));
        ws.frame(true, 0, RawWebSocket.CONTINUATION, Arrays.copyOfRange(b, 2 * third, b.length));
      } else {
        ws.sendBinary(b);
      }
      JsonObject end = ws.awaitText(m -> "result-end".equals(m.getString("type")) || "error".equals(m.getString("type")));
      assertEquals("result-end", end.getString("type"), end::encode);
    }
    return null;
  }

  private static byte[] jobWithEvents(HttpClient client, String base, String token, MarkedPng png) throws Exception {
    HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs?scale=2"))
        .timeout(TIMEOUT).header("Authorization", "Bearer " + token).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(png.png())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(202, accepted.statusCode(), accepted::body);
    String job = accepted.headers().firstValue("Location").orElseThrow();
    HttpResponse<Stream<String>> events = client.send(HttpRequest.newBuilder(URI.create(base + job + "/events"))
        .timeout(TIMEOUT).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
    Optional<String> done;
    try (Stream<String> lines = events.body()) {
      done = SseEvents.of(lines).map(e -> e.getString("state"))
          .filter(s -> !Set.of("receiving", "queued", "running", "encoding").contains(s)).findFirst();
    }
    assertEquals(Optional.of("done"), done);
    HttpResponse<byte[]> result = client.send(HttpRequest.newBuilder(URI.create(base + job + "/result"))
        .timeout(TIMEOUT).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, result.statusCode());
    return result.body();
  }

  /** Every request's memory is back in the pool: the requests have ended and zeroed what zeroprint holds. */
  private static void awaitNothingInUse(HttpClient client, String base, String token) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      String metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(TIMEOUT)
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
      if (metrics.lines().anyMatch(l -> l.matches("zeroprint_buffer_in_use_bytes(\\{[^}]*\\})? 0\\.0"))) {
        return;
      }
      Thread.sleep(100);
    }
    fail("image memory still in use after " + TIMEOUT);
  }

  private static String auth(ServerProcess p) {
    return "Authorization: Bearer " + p.token() + "\r\n";
  }

  private Socket tlsSocket() throws IOException {
    SSLSocket s = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", tls.port());
    SSLParameters params = s.getSSLParameters();
    params.setApplicationProtocols(new String[] {"http/1.1"});
    s.setSSLParameters(params);
    s.setSoTimeout((int) TIMEOUT.toMillis());
    s.startHandshake();
    return s;
  }

  private static SSLContext trustingTestCert() throws Exception {
    try (InputStream in = Files.newInputStream(CERT)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("zeroprint-test", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    }
  }
}
