package io.zeroprint.http;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The web app's files, read from the classpath folder {@code webroot/} into memory once, at start-up.
 * Requests are answered from this map only: a name that is not a key here is not served, so no
 * request path is ever resolved against a file system, and nothing is unpacked to disk (Vert.x's
 * classpath resolving would copy jar entries into a cache folder).
 */
final class StaticBundle {
  static final String ROOT = "webroot/";
  /** The file every classpath copy of the bundle has; the folder is found through it. */
  private static final String INDEX = "index.html";
  private static final String EXCLUDED = "README.md";
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("json", "application/json"),
      Map.entry("webmanifest", "application/manifest+json"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("txt", "text/plain; charset=utf-8"));

  /** One file: its bytes, media type and strong ETag (a content hash). */
  record Entry(Buffer body, String contentType, String etag) {}

  private final Map<String, Entry> files;

  private StaticBundle(Map<String, Entry> files) {
    this.files = Map.copyOf(files);
  }

  /**
   * The bundle on the server's classpath, read once per process (every HTTP verticle instance shares
   * it); empty when the jar has no {@code webroot/}. Reads files: call it off the event loop.
   */
  static StaticBundle load() {
    return OnClasspath.BUNDLE;
  }

  /** Read when first asked for, by the class loader's once-only initialisation. */
  private static final class OnClasspath {
    static final StaticBundle BUNDLE = load(StaticBundle.class.getClassLoader());
  }

  static StaticBundle load(ClassLoader loader) {
    URL index = loader.getResource(ROOT + INDEX);
    Map<String, byte[]> raw = new TreeMap<>();
    try {
      if (index == null) {
        return new StaticBundle(Map.of());
      } else if ("jar".equals(index.getProtocol())) {
        readJar(index, raw);
      } else if ("file".equals(index.getProtocol())) {
        readFolder(Path.of(index.toURI()).getParent(), raw);
      } else {
        throw new IllegalStateException("cannot list the web app in " + index.getProtocol() + " resources");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the web app", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot read the web app", e);
    }
    Map<String, Entry> files = new TreeMap<>();
    raw.forEach((name, bytes) -> {
      if (!name.equals(EXCLUDED)) {
        files.put(name, new Entry(Buffer.buffer(bytes), typeOf(name), etagOf(bytes)));
      }
    });
    return new StaticBundle(files);
  }

  private static void readJar(URL index, Map<String, byte[]> into) throws IOException {
    JarURLConnection connection = (JarURLConnection) index.openConnection();
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (!e.isDirectory() && e.getName().startsWith(ROOT) && e.getName().length() > ROOT.length()) {
          try (InputStream in = jar.getInputStream(e)) {
            into.put(e.getName().substring(ROOT.length()), in.readAllBytes());
          }
        }
      }
    }
  }

  private static void readFolder(Path root, Map<String, byte[]> into) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        into.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
  }

  /** The file for a request path: {@code /} is {@code index.html}; anything not in the bundle is empty. */
  Optional<Entry> find(String path) {
    if (!path.startsWith("/")) {
      return Optional.empty();
    }
    String name = path.equals("/") ? INDEX : path.substring(1);
    return Optional.ofNullable(files.get(name));
  }

  /** The names served, in order, each as a request path ({@code /index.html}, {@code /app.js}, …). */
  List<String> paths() {
    return files.keySet().stream().sorted().map(n -> "/" + n).toList();
  }

  boolean isEmpty() {
    return files.isEmpty();
  }

  static String typeOf(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  private static String etagOf(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
