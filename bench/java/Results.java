import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Appends {@code key=value} lines to the run's results file (a Java properties file that every
 * driver and run.sh write to, and Report reads at the end), so each benchmark stays a separate,
 * small program and the tables are still built from one run.
 */
final class Results {
  private final Path file;

  Results(Path file) {
    this.file = file;
  }

  static Results fromArg(String path) {
    return new Results(Path.of(path));
  }

  synchronized void put(String key, double value) {
    put(key, String.format(Locale.ROOT, "%.6g", value));
  }

  synchronized void put(String key, String value) {
    String line = key + "=" + value.replace("\\", "\\\\").replace("\n", " ") + "\n";
    try {
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    System.out.print("  " + line);
  }
}
