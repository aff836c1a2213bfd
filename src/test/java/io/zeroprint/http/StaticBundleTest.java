package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle as {@code java -jar} sees it: entries of the jar, read into memory, nothing unpacked. */
class StaticBundleTest {
  @TempDir
  Path dir;

  @Test
  void aBundleInsideAJarIsReadWholeWithoutUnpackingAnything() throws Exception {
    Path jar = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "webroot/", null);
      put(out, "webroot/index.html", "<!doctype html><title>t</title>");
      put(out, "webroot/js/studio.js", "export {};");
      put(out, "webroot/README.md", "# not served");
      put(out, "io/zeroprint/Other.class", "x");
    }
    List<Path> before = listing(Path.of(System.getProperty("java.io.tmpdir")));
    StaticBundle bundle;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      bundle = StaticBundle.load(loader);
    }
    assertEquals(List.of("/index.html", "/js/studio.js"), bundle.paths());
    InMemoryFile index = bundle.find("/").orElseThrow();
    assertEquals("<!doctype html><title>t</title>", index.body().toString(StandardCharsets.UTF_8));
    assertEquals("text/html; charset=utf-8", index.contentType());
    assertEquals("text/javascript; charset=utf-8", bundle.find("/js/studio.js").orElseThrow().contentType());
    assertNotEquals(index.etag(), bundle.find("/js/studio.js").orElseThrow().etag());
    assertTrue(bundle.find("/README.md").isEmpty());
    assertTrue(bundle.find("/io/zeroprint/Other.class").isEmpty());
    assertTrue(bundle.find("/js/../index.html").isEmpty());
    assertEquals(before, listing(Path.of(System.getProperty("java.io.tmpdir"))), "a copy of the jar or a cache appeared in java.io.tmpdir");
  }

  @Test
  void aClasspathWithoutTheAppServesNothing() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertTrue(StaticBundle.load(loader).isEmpty());
    }
  }

  private static void put(JarOutputStream out, String name, String text) throws IOException {
    out.putNextEntry(new JarEntry(name));
    if (text != null) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    out.closeEntry();
  }

  /**
   * The JDK's copies of jars it cannot read in place ({@code jar_cache*}) and Vert.x's file cache
   * ({@code vertx-cache*}) in a folder: other processes' temporary files are no concern here.
   */
  private static List<Path> listing(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith("jar_cache")
          || p.getFileName().toString().startsWith("vertx-cache")).sorted().toList());
    }
  }
}
