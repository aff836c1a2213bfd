package io.zeroprint.security;

import io.vertx.core.json.JsonObject;
import io.zeroprint.ServerTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A server with the test certificate (src/test/resources/tls), and a client that trusts it. */
abstract class TlsTestBase extends ServerTestBase {
  protected static final Path CERT = Path.of("src/test/resources/tls/cert.pem");
  protected static final Path KEY = Path.of("src/test/resources/tls/key.pem");

  @Override
  protected JsonObject overrides() {
    return super.overrides().put("tls", new JsonObject().put("cert", CERT.toString()).put("key", KEY.toString()));
  }

  @Override
  protected String scheme() {
    return "https";
  }

  /** An SSLContext that trusts exactly the test certificate. */
  protected static SSLContext trustingTestCert() {
    try (InputStream in = Files.newInputStream(CERT)) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("zeroprint-test", cert);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
