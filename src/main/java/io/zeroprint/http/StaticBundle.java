package io.zeroprint.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;


/**
 * The web app's files, read from the classpath folder {@code webroot/} into memory once, at start-up.
 * Requests are answered from this map only: a name that is not a key here is not served, so no
 * request path is ever resolved against a file system.
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

  private final Map<String, InMemoryFile> files;

  private StaticBundle(Map<String, InMemoryFile> files) {
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
    Map<String, InMemoryFile> files = new TreeMap<>();
    ClasspathFolder.read(loader, ROOT, INDEX).forEach((name, bytes) -> {
      if (!name.equals(EXCLUDED)) {
        files.put(name, InMemoryFile.of(bytes, typeOf(name)));
      }
    });
    return new StaticBundle(files);
  }

  /** The file for a request path: {@code /} is {@code index.html}; anything not in the bundle is empty. */
  Optional<InMemoryFile> find(String path) {
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
}
