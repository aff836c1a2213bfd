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
import io.zeroprint.uploads.Tus;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
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
 * in memory it cannot reach is one {@link Residue} below, with its reason and a bound, so a new copy
 * anywhere fails the build.
 *
 * <p>How zeroprint's own memory is told apart from a library's: its pixel leases hold whole images,
 * so the {@link Marker#IMAGE} and {@link Marker#RESULT_IMAGE} markers (a row's end followed by the
 * next row's start), which no codec's row buffer holds, count copies of leases only. The one place
 * they are allowed is the garbage collector's copy of a lease it moved while in use, at most 2 per
 * transport: a lease left unzeroed would leave one per request, 3, and fail. Its segments (uploads
 * and results) are the same on every transport, so the transports whose upload and JPEG result
 * bytes are allowed no copy at all (plain HTTP/1: raw, multipart, JPEG, jobs, tus) prove them
 * zeroed, while a TLS, WebSocket-fragment or PNG-result allowance is only the library's copy named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoCopyOfAPhotoOutlivesItsRequestTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Two servers loading their models at once on a busy machine. */
  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final int REQUESTS = 3;
  private static final Path CERT = Path.of("src/test/resources/tls/cert.pem");
  private static final Path KEY = Path.of("src/test/resources/tls/key.pem");
  private static final String BOUNDARY = "residue-boundary";

  enum Transport { RAW, RAW_JPEG_RESULT, JPEG_UPLOAD, MULTIPART, WEBSOCKET, WEBSOCKET_FRAGMENTS, JOBS_SSE, TUS, TLS_RAW,
    TLS_WEBSOCKET, HTTP2_RAW, HTTP2_MULTIPART }

  /**
   * What is looked for: the upload's bytes, its decoded pixels, a whole decoded image (only a
   * zeroprint lease holds one), a model tile's floats, the encoded result's bytes, the result's pixels
   * before encoding and the whole result image (for a PNG result, whose pixels the client gets exactly).
   */
  enum Marker { UPLOAD_BYTES, PIXELS, IMAGE, TILE_FLOATS, RESULT_BYTES, RESULT_PIXELS, RESULT_IMAGE }

  private static final Set<Transport> TLS = EnumSet.of(Transport.TLS_RAW, Transport.TLS_WEBSOCKET, Transport.HTTP2_RAW,
      Transport.HTTP2_MULTIPART);
  private static final Set<Transport> PNG_UPLOADS = EnumSet.complementOf(EnumSet.of(Transport.JPEG_UPLOAD));
  private static final Set<Transport> PNG_RESULTS = EnumSet.complementOf(EnumSet.of(Transport.RAW_JPEG_RESULT));

  /**
   * A copy zeroprint cannot reach: what holds it, why it stays, and at most how many copies it
   * leaves on a transport after {@link #REQUESTS} requests: the most seen over repeated runs plus a
   * small margin (for PNG pixels less than one more image's 64), or what the holder can structurally
   * hold where that is less.
   */
  record Residue(String holder, String why, Marker marker, Region region, Set<Transport> on, int bound) {}

  /** Everything else must be 0. */
  static final List<Residue> RESIDUES = List.of(
      new Residue("Vert.x's WebSocket message assembly: arrays dropped as the first fragment's copy grows",
          "inside Vert.x; the final copy and the frames are zeroed (fragments - 1 per message)", Marker.UPLOAD_BYTES,
          Region.JAVA_HEAP, EnumSet.of(Transport.WEBSOCKET_FRAGMENTS), 2 * REQUESTS),
      new Residue("BoringSSL's TLS record read buffer (decrypted in place, freed unzeroed)",
          "native memory inside netty-tcnative", Marker.UPLOAD_BYTES, Region.NATIVE, TLS, 3),
      new Residue("ImageIO's PNG reader: row arrays and the buffered stream over its inflater",
          "garbage inside the JDK's codec (up to 3.5 images' worth seen; a lease is counted by IMAGE, not here)",
          Marker.PIXELS, Region.JAVA_HEAP, PNG_UPLOADS, 4 * MarkedPng.PIXEL_HITS_PER_IMAGE),
      new Residue("zlib's inflate window (java.util.zip.Inflater, malloc'd, freed unzeroed)",
          "native memory of the JDK's zlib (38 hits per window seen, at most 3 windows)", Marker.PIXELS, Region.NATIVE,
          PNG_UPLOADS, 2 * MarkedPng.PIXEL_HITS_PER_IMAGE),
      new Residue("the JDK's JPEG reader: the heap array its native decoder reads the file through",
          "garbage inside the JDK's codec, one per request at most", Marker.UPLOAD_BYTES, Region.JAVA_HEAP,
          EnumSet.of(Transport.JPEG_UPLOAD), REQUESTS),
      new Residue("the JDK's JPEG reader: the row raster it hands each decoded row through (the last row stays)",
          "garbage inside the JDK's codec, one per request at most", Marker.PIXELS, Region.JAVA_HEAP,
          EnumSet.of(Transport.JPEG_UPLOAD), REQUESTS),
      new Residue("libjpeg's scanline buffer (native, freed unzeroed; the last row stays)",
          "native memory of the JDK's libjpeg, one per request at most", Marker.PIXELS, Region.NATIVE,
          EnumSet.of(Transport.JPEG_UPLOAD), REQUESTS),
      new Residue("zlib's deflate window behind zeroprint's PNG encoder (a band's first row, filtered against zeros, is the row itself)",
          "native memory of the JDK's zlib (java.util.zip.Deflater, ended, freed unzeroed)", Marker.RESULT_PIXELS,
          Region.NATIVE, PNG_RESULTS, 3),
      new Residue("zlib's deflate buffers behind zeroprint's PNG encoder (one Deflater per row band; a JPEG result leaves none)",
          "native memory of the JDK's zlib", Marker.RESULT_BYTES, Region.NATIVE, PNG_RESULTS, 3),
      new Residue("the old place of a pixel lease the garbage collector moved while it was in use (G1 copies young arrays)",
          "the lease is zeroed where it ends up; the copy left behind is heap garbage no code can reach (with the Epsilon"
              + " collector, which moves nothing, none was found)",
          Marker.IMAGE, Region.JAVA_HEAP, EnumSet.allOf(Transport.class), 2),
      new Residue("the old place of a result's pixel lease the garbage collector moved while it was in use",
          "as above", Marker.RESULT_IMAGE, Region.JAVA_HEAP, PNG_RESULTS, 2),
      new Residue("the rows inside such a moved result lease (up to 2 marker rows per image)",
          "as above", Marker.RESULT_PIXELS, Region.JAVA_HEAP, PNG_RESULTS, 4),
      new Residue("the old place of a PNG encoder output block (a heap lease) the garbage collector moved while"
          + " it was being filled", "as above; the block is zeroed where it ended up", Marker.RESULT_BYTES,
          Region.JAVA_HEAP, PNG_RESULTS, 2));

  private ServerProcess plain;
  private ServerProcess tls;
  private SSLContext trust;
  private final Map<Transport, MarkedPhoto> sent = new EnumMap<>(Transport.class);
  /** The markers of the result each transport received (the same for every request), by marker. */
  private final Map<Transport, Map<Marker, byte[]>> results = new EnumMap<>(Transport.class);

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
    plain.awaitReady(STARTUP);
    tls.awaitReady(STARTUP);
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
    Tus tus = new Tus(h1, plain.port(), TIMEOUT);
    for (Transport t : Transport.values()) {
      MarkedPhoto photo = t == Transport.JPEG_UPLOAD ? MarkedJpeg.create() : MarkedPng.create();
      sent.put(t, photo);
      for (int i = 0; i < REQUESTS; i++) {
        byte[] result = switch (t) {
          case RAW, JPEG_UPLOAD -> enhance(h1, http, plain.token(), photo, false, HttpClient.Version.HTTP_1_1);
          case RAW_JPEG_RESULT -> enhance(h1, http, plain.token(), photo, false, HttpClient.Version.HTTP_1_1, "jpeg");
          case MULTIPART -> enhance(h1, http, plain.token(), photo, true, HttpClient.Version.HTTP_1_1);
          case WEBSOCKET -> webSocket(new RawWebSocket(plain.port(), auth(plain), TIMEOUT), photo, false);
          case WEBSOCKET_FRAGMENTS -> webSocket(new RawWebSocket(plain.port(), auth(plain), TIMEOUT), photo, true);
          case JOBS_SSE -> jobWithEvents(h1, http, plain.token(), photo);
          case TUS -> resumable(tus, plain.token(), photo);
          case TLS_RAW -> enhance(h1Tls, https, tls.token(), photo, false, HttpClient.Version.HTTP_1_1);
          case TLS_WEBSOCKET -> webSocket(new RawWebSocket(tlsSocket(), auth(tls)), photo, false);
          case HTTP2_RAW -> enhance(h2, https, tls.token(), photo, false, HttpClient.Version.HTTP_2);
          case HTTP2_MULTIPART -> enhance(h2, https, tls.token(), photo, true, HttpClient.Version.HTTP_2);
        };
        results.put(t, resultMarkers(result, t != Transport.RAW_JPEG_RESULT));
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

  /**
   * A slice from the middle of the encoded result, and for a PNG result the markers of its pixels:
   * what the encoder had before compressing them. A JPEG result's pixels before encoding are not
   * what a decoder gets back, so they are not looked for; its encoded bytes are.
   */
  private static Map<Marker, byte[]> resultMarkers(byte[] result, boolean png) throws IOException {
    Map<Marker, byte[]> m = new EnumMap<>(Marker.class);
    m.put(Marker.RESULT_BYTES, Arrays.copyOfRange(result, result.length / 2, result.length / 2 + MarkedPhoto.MARKER));
    if (png) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(result));
      byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
      for (int y = 0, i = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++, i += 3) {
          int p = image.getRGB(x, y);
          rgb[i] = (byte) (p >> 16);
          rgb[i + 1] = (byte) (p >> 8);
          rgb[i + 2] = (byte) p;
        }
      }
      byte[][] pixels = MarkedPhoto.ofResult(rgb, image.getWidth(), image.getHeight());
      m.put(Marker.RESULT_PIXELS, pixels[0]);
      m.put(Marker.RESULT_IMAGE, pixels[1]);
    }
    return m;
  }

  private byte[] marker(Transport t, Marker m) {
    MarkedPhoto photo = sent.get(t);
    return switch (m) {
      case UPLOAD_BYTES -> photo.raw();
      case PIXELS -> photo.pixels();
      case IMAGE -> photo.image();
      case TILE_FLOATS -> photo.floats();
      default -> results.get(t).get(m);
    };
  }

  private void check(ServerProcess server, Transport[] all, Predicate<Transport> served,
      List<String> over, StringBuilder table) throws Exception {
    List<Transport> mine = Arrays.stream(all).filter(served).toList();
    List<byte[]> markers = new ArrayList<>();
    for (Transport t : mine) {
      Arrays.stream(Marker.values()).map(m -> marker(t, m)).filter(Objects::nonNull).forEach(markers::add);
    }
    Map<byte[], Map<Region, Integer>> found = MemoryScan.count(server.pid(), markers);
    for (Transport t : mine) {
      for (Marker m : Marker.values()) {
        byte[] bytes = marker(t, m);
        if (bytes == null) {
          continue; // a JPEG result's pixels
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
        .mapToInt(Residue::bound).sum();
  }

  private static String named(Transport t, Marker m, Region r) {
    return String.join("; ", RESIDUES.stream().filter(x -> x.marker() == m && x.region() == r && x.on().contains(t))
        .map(x -> x.holder() + ": " + x.why()).toList());
  }

  private static byte[] enhance(HttpClient client, String base, String token, MarkedPhoto photo, boolean multipart,
      HttpClient.Version version) throws Exception {
    return enhance(client, base, token, photo, multipart, version, "png");
  }

  private static byte[] enhance(HttpClient client, String base, String token, MarkedPhoto photo, boolean multipart,
      HttpClient.Version version, String format) throws Exception {
    byte[] body = multipart ? new Multipart(BOUNDARY).file("image", "m", photo.contentType(), photo.file()).build()
        : photo.file();
    String type = multipart ? "multipart/form-data; boundary=" + BOUNDARY : photo.contentType();
    HttpResponse<byte[]> res = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/enhance?scale=2&format=" + format))
        .timeout(TIMEOUT).header("Authorization", "Bearer " + token).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, res.statusCode(), () -> new String(res.body()));
    assertEquals(version, res.version());
    return res.body();
  }

  /** The result's chunks, put together. */
  private static byte[] webSocket(RawWebSocket ws, MarkedPhoto photo, boolean fragments) throws IOException {
    try (ws) {
      ws.sendText(new JsonObject().put("type", "submit").put("size", photo.file().length)
          .put("options", new JsonObject().put("scale", 2)).encode());
      byte[] b = photo.file();
      if (fragments) {
        int third = b.length / 3;
        ws.frame(false, 0, RawWebSocket.BINARY, Arrays.copyOfRange(b, 0, third));
        ws.frame(false, 0, RawWebSocket.CONTINUATION, Arrays.copyOfRange(b, third, 2 * third));
        ws.frame(true, 0, RawWebSocket.CONTINUATION, Arrays.copyOfRange(b, 2 * third, b.length));
      } else {
        ws.sendBinary(b);
      }
      ByteArrayOutputStream result = new ByteArrayOutputStream();
      while (true) {
        Object message = ws.nextMessage();
        if (message instanceof byte[] chunk) {
          result.writeBytes(chunk);
        } else if (message instanceof JsonObject m && Set.of("result-end", "error").contains(m.getString("type"))) {
          assertEquals("result-end", m.getString("type"), m::encode);
          return result.toByteArray();
        }
      }
    }
  }

  /** A resumable upload in two chunks, then its job's result. */
  private static byte[] resumable(Tus tus, String token, MarkedPhoto photo) {
    HttpResponse<byte[]> last = tus.upload(token, photo.file(), Map.of("scale", "2"), photo.file().length / 2 + 1);
    assertEquals(204, last.statusCode(), () -> new String(last.body()));
    return tus.result(token, last.headers().firstValue("Zeroprint-Job").orElseThrow());
  }

  private static byte[] jobWithEvents(HttpClient client, String base, String token, MarkedPhoto photo) throws Exception {
    HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs?scale=2"))
        .timeout(TIMEOUT).header("Authorization", "Bearer " + token).header("Content-Type", photo.contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(photo.file())).build(), HttpResponse.BodyHandlers.ofString());
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
