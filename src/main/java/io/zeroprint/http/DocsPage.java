package io.zeroprint.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /docs}: the OpenAPI document rendered by Swagger UI, public. The page, its initializer
 * and the viewer's script and style are read from the jar into memory once per process (the viewer
 * from the {@code swagger-ui} webjar; no CDN), and served with a CSP of their own: scripts and styles
 * from this origin only, no inline script, requests only to this origin (the document, and "try it
 * out").
 */
final class DocsPage {
  static final String PATH = "/docs";
  static final String CSP = String.join("; ", "default-src 'none'", "script-src 'self'", "style-src 'self'",
      "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'");
  private static final String OWN = "docs-page/";
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final String WEBJAR_VERSION = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

  private final Map<String, InMemoryFile> files;

  private DocsPage(Map<String, InMemoryFile> files) {
    this.files = files;
  }

  /** The page, read once per process (every HTTP verticle instance shares it). Reads the jar: call it off the event loop. */
  static DocsPage load() {
    return OnClasspath.PAGE;
  }

  /** Read when first asked for, by the class loader's once-only initialisation. */
  private static final class OnClasspath {
    static final DocsPage PAGE = read(DocsPage.class.getClassLoader());
  }

  static DocsPage read(ClassLoader loader) {
    String viewer = WEBJAR + webjarVersion(loader) + "/";
    return new DocsPage(Map.of(
        PATH, file(loader, OWN + "index.html"),
        PATH + "/init.js", file(loader, OWN + "init.js"),
        PATH + "/swagger-ui-bundle.js", file(loader, viewer + "swagger-ui-bundle.js"),
        PATH + "/swagger-ui.css", file(loader, viewer + "swagger-ui.css")));
  }

  /** A GET and HEAD route for each file, so other methods get a 405 with {@code Allow}. */
  void routes(Router router) {
    for (String path : files.keySet()) {
      router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::send);
    }
  }

  private void send(RoutingContext rc) {
    InMemoryFile file = files.get(rc.normalizedPath());
    if (file == null) {
      rc.next();
      return;
    }
    rc.response().headers().set("Content-Security-Policy", CSP);
    file.send(rc);
  }

  private static String webjarVersion(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(WEBJAR_VERSION)) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is not on the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InMemoryFile file(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no " + name + " on the classpath");
      }
      return InMemoryFile.of(in.readAllBytes(), StaticBundle.typeOf(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
