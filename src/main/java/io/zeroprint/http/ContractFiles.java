package io.zeroprint.http;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;


/**
 * The API contract — {@code openapi.yaml}, {@code asyncapi.yaml} and the JSON Schemas under
 * {@code schemas/} that both refer to — read from the classpath folder {@code contract/} into memory
 * once per process. Served from this map only, like the web app: no request path reaches a file system.
 */
final class ContractFiles {
  static final String ROOT = "contract/";
  private static final String ANCHOR = "openapi.yaml";

  private final Map<String, InMemoryFile> files;

  private ContractFiles(Map<String, InMemoryFile> files) {
    this.files = Map.copyOf(files);
  }

  /** The contract on the server's classpath, read once per process. Reads files: call it off the event loop. */
  static ContractFiles load() {
    return OnClasspath.FILES;
  }

  private static final class OnClasspath {
    static final ContractFiles FILES = load(ContractFiles.class.getClassLoader());
  }

  /** Only the two documents and the schemas are served; anything else in the folder is not. */
  static ContractFiles load(ClassLoader loader) {
    Map<String, InMemoryFile> files = new TreeMap<>();
    ClasspathFolder.read(loader, ROOT, ANCHOR).forEach((name, bytes) -> {
      if (name.equals(ANCHOR) || name.equals("asyncapi.yaml")) {
        files.put(name, InMemoryFile.of(bytes, "application/yaml"));
      } else if (name.matches("schemas/[a-z0-9-]+\\.json")) {
        files.put(name, InMemoryFile.of(bytes, "application/schema+json"));
      }
    });
    return new ContractFiles(files);
  }

  /** The document at a name such as {@code openapi.yaml} or {@code schemas/job.json}. */
  Optional<InMemoryFile> find(String name) {
    return Optional.ofNullable(files.get(name));
  }
}
