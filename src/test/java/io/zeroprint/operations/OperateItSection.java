package io.zeroprint.operations;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** README's "Operate it" section: what the manifests and dashboards promise an operator. */
final class OperateItSection {
  private static final String HEADING = "## Operate it";

  private OperateItSection() {}

  static String read() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("\n" + HEADING + "\n");
    assertTrue(start >= 0, "README has a section " + HEADING);
    int end = readme.indexOf("\n## ", start + HEADING.length() + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }
}
