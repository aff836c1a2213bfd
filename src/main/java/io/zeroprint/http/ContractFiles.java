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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The API contract — {@code openapi.yaml}, {@code asyncapi.yaml} and the JSON Schemas under
 * {@code schemas/} that both refer to — read from the classpath folder {@code contract/} into memory
 * once per process. Served from this map only, like the web app: no request path reaches a file system.
 */
final class ContractFiles {
  static final String ROOT = "contract/";
  private static final String ANCHOR = "openapi.yaml";

  /** One document: its bytes, media type and strong ETag (a content hash). */
  record Entry(Buffer body, String contentType, String etag) {}

  private final Map<String, Entry> files;

  private ContractFiles(Map<String, Entry> files) {
    this.files = Map.copyOf(files);
  }

  /** The contract on the server's classpath, read once per process. Reads files: call it off the event loop. */
  static ContractFiles load() {
    return OnClasspath.FILES;
  }

  private static final class OnClasspath {
    static final ContractFiles FILES = load(ContractFiles.class.getClassLoader());
  }

  static ContractFiles load(ClassLoader loader) {
    URL anchor = loader.getResource(ROOT + ANCHOR);
    Map<String, Entry> files = new TreeMap<>();
    if (anchor == null) {
      return new ContractFiles(files);
    }
    try {
      if ("jar".equals(anchor.getProtocol())) {
        readJar(anchor, files);
      } else if ("file".equals(anchor.getProtocol())) {
        readFolder(Path.of(anchor.toURI()).getParent(), files);
      } else {
        throw new IllegalStateException("cannot list the contract in " + anchor.getProtocol() + " resources");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the contract", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot read the contract", e);
    }
    return new ContractFiles(files);
  }

  /** The document at a name such as {@code openapi.yaml} or {@code schemas/job.json}. */
  Optional<Entry> find(String name) {
    return Optional.ofNullable(files.get(name));
  }

  private static void readJar(URL anchor, Map<String, Entry> into) throws IOException {
    JarURLConnection connection = (JarURLConnection) anchor.openConnection();
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (!e.isDirectory() && e.getName().startsWith(ROOT)) {
          try (InputStream in = jar.getInputStream(e)) {
            put(into, e.getName().substring(ROOT.length()), in.readAllBytes());
          }
        }
      }
    }
  }

  private static void readFolder(Path root, Map<String, Entry> into) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        put(into, root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
  }

  /** Only the two documents and the schemas are served; anything else in the folder is not. */
  private static void put(Map<String, Entry> into, String name, byte[] bytes) {
    if (name.equals(ANCHOR) || name.equals("asyncapi.yaml")) {
      into.put(name, new Entry(Buffer.buffer(bytes), "application/yaml", etagOf(bytes)));
    } else if (name.matches("schemas/[a-z0-9-]+\\.json")) {
      into.put(name, new Entry(Buffer.buffer(bytes), "application/schema+json", etagOf(bytes)));
    }
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
