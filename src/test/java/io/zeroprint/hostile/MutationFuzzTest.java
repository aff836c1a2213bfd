package io.zeroprint.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A short, fixed slice of the mutation fuzzer (bench/fuzz.sh runs the long one): every mutant of the
 * small PNG and JPEG gets 200 or a problem (4xx, or 503), never a 500, never a hang; no image memory
 * stays in use and no file appears in the working or temporary directory.
 */
class MutationFuzzTest extends HostileTestBase {
  static final long SEED = 20_261_130L;
  private static final int PER_FORMAT = 75;
  private Set<String> filesBefore;

  @BeforeAll
  void listFiles() throws IOException {
    filesBefore = files();
  }

  @AfterAll
  void noFileAppeared() throws IOException {
    Set<String> after = files();
    after.removeAll(filesBefore);
    assertEquals(Set.of(), after, "files created while fuzzing");
  }

  @TestFactory
  Stream<DynamicTest> mutants() {
    List<DynamicTest> t = new ArrayList<>();
    for (String format : new String[] {"PNG", "JPEG"}) {
      Mutator m = new Mutator(format.equals("PNG") ? ImageCorpus.basePng() : ImageCorpus.baseJpeg(), SEED);
      for (int i = 0; i < PER_FORMAT; i++) {
        Mutator.Mutant mutant = m.mutant(i);
        t.add(hostile(format + " mutant " + i + " (" + mutant.op() + ") is enhanced or refused with a problem",
            () -> assertAcceptable(postBytes("/v1/enhance", "application/octet-stream", mutant.bytes()))));
      }
    }
    t.add(stillHealthy("mutants"));
    return t.stream();
  }

  static void assertAcceptable(HttpResponse<byte[]> r) {
    int s = r.statusCode();
    if (s == 200) {
      return;
    }
    String body = new String(r.body());
    assertTrue(s >= 400 && s < 500 || s == 503, () -> "status " + s + ": " + body);
    assertEquals("application/problem+json", r.headers().firstValue("content-type").orElse(""));
    assertTrue(new JsonObject(body).getString("code") != null, body);
  }

  /**
   * A cheap check: the files in the working directory, and ImageIO's cache files in the (shared)
   * temporary directory, not recursive. NoImageByteTouchesDiskTest does the thorough one.
   */
  static Set<String> files() throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> s = Files.list(Path.of("").toAbsolutePath())) {
      s.forEach(p -> names.add(p.toString()));
    }
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      s.filter(p -> p.getFileName().toString().startsWith("imageio")).forEach(p -> names.add(p.toString()));
    }
    return names;
  }
}
