package io.zeroprint.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS is served by OpenSSL (netty-tcnative), speaks only TLS 1.2/1.3 with AEAD suites, negotiates
 * h2, and sends HSTS. Old protocols and CBC suites are probed with the openssl command-line client.
 */
class TlsTest extends TlsTestBase {
  private HttpClient h2;

  @BeforeAll
  void h2Client() {
    h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trustingTestCert()).build();
  }

  @Test
  void theOpenSslEngineServesTls13OverH2() throws Exception {
    HttpResponse<String> resp = h2.send(HttpRequest.newBuilder(uri("/v1/admin/status"))
        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, resp.statusCode(), resp.body());
    assertEquals(HttpClient.Version.HTTP_2, resp.version());
    JsonObject tls = new JsonObject(resp.body()).getJsonObject("tls");
    assertEquals("openssl", tls.getString("engine"));
    assertEquals("TLSv1.3", tls.getString("protocol"));
    assertEquals("h2", tls.getString("alpn"));
  }

  @Test
  void everyTlsResponseCarriesHsts() throws Exception {
    HttpResponse<String> resp = h2.send(HttpRequest.newBuilder(uri("/health/live")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(resp.headers().firstValue("strict-transport-security").orElse("").startsWith("max-age="));
  }

  @Test
  void tls12WithAnAeadSuiteIsAccepted() throws Exception {
    assertTrue(handshake("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"));
  }

  @Test
  void tls11AndTls10AreRefused() throws Exception {
    assertFalse(handshake("-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"));
    assertFalse(handshake("-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"));
  }

  @Test
  void cbcSuitesAreRefused() throws Exception {
    assertFalse(handshake("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384"));
  }

  /** Runs {@code openssl s_client} against the server; true if a session was established. */
  private boolean handshake(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
        "-servername", "localhost"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close(); // s_client quits at end of input
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    return p.exitValue() == 0 && out.contains("BEGIN CERTIFICATE") && !out.contains("Cipher is (NONE)");
  }
}
