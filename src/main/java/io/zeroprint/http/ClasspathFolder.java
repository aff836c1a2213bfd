package io.zeroprint.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A folder of the classpath read into memory, in a jar (as shipped) or on disk (in development): the
 * folder is found through one file it always holds. Reading it unpacks nothing to disk, unlike Vert.x's
 * classpath resolving, which copies jar entries into a cache folder.
 */
final class ClasspathFolder {
  private ClasspathFolder() {}

  /**
   * Every file under {@code root} (e.g. {@code webroot/}), by its name relative to it; empty when
   * {@code anchor} is not on the classpath. Reads files: call it off the event loop.
   */
  static Map<String, byte[]> read(ClassLoader loader, String root, String anchor) {
    URL found = loader.getResource(root + anchor);
    Map<String, byte[]> files = new TreeMap<>();
    if (found == null) {
      return files;
    }
    try {
      if ("jar".equals(found.getProtocol())) {
        readJar(found, root, files);
      } else if ("file".equals(found.getProtocol())) {
        readFolder(Path.of(found.toURI()).getParent(), files);
      } else {
        throw new IllegalStateException("cannot list " + root + " in " + found.getProtocol() + " resources");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot read " + root, e);
    }
    return files;
  }

  private static void readJar(URL anchor, String root, Map<String, byte[]> into) throws IOException {
    JarURLConnection connection = (JarURLConnection) anchor.openConnection();
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (!e.isDirectory() && e.getName().startsWith(root) && e.getName().length() > root.length()) {
          try (InputStream in = jar.getInputStream(e)) {
            into.put(e.getName().substring(root.length()), in.readAllBytes());
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
}
