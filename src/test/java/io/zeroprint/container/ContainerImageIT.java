package io.zeroprint.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.zeroprint.container.ImageTarball.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The image {@code mvn -Pimage package} writes, inspected layer by layer (runs in {@code mvn -Pimage
 * verify}): who it runs as, what it starts, that it needs no shell, and that what it would
 * otherwise write at start-up (TensorFlow's native libraries) is already in it.
 */
@Timeout(120)
class ContainerImageIT {
  private static final String TF_DIR =
      "opt/zeroprint/javacpp/tensorflow-core-native-1.1.0-linux-x86_64.jar/org/tensorflow/internal/c_api/linux-x86_64";
  private static final String CONFIG = "opt/zeroprint/conf/zeroprint.json";
  private static ImageTarball image;

  @BeforeAll
  static void readTheTarball() throws IOException {
    Path tarball = Path.of(System.getProperty("zeroprint.image.tar", "target/zeroprint-image.tar"));
    assertTrue(Files.isRegularFile(tarball), "build it first: mvn -Pimage package");
    image = new ImageTarball(tarball, List.of(CONFIG, "opt/java/release"));
  }

  @Test
  void theContainerRunsAsTheNonRootUser65532() {
    assertEquals("65532:65532", image.config.getJsonObject("config").getString("User"));
    assertTrue(file("etc/passwd").size() > 0, "the user has a name and a home for the JVM");
  }

  @Test
  void theEntrypointIsJavaItselfWithTheServerAsMainClass() {
    JsonArray entrypoint = image.config.getJsonObject("config").getJsonArray("Entrypoint");
    assertEquals("/opt/java/bin/java", entrypoint.getString(0));
    assertEquals("io.zeroprint.Main", entrypoint.getString(entrypoint.size() - 1));
    assertTrue(entrypoint.contains("@/app/jib-classpath-file"));
    assertEquals("/opt/zeroprint", image.config.getJsonObject("config").getString("WorkingDir"));
    assertTrue(image.config.getJsonObject("config").getJsonArray("Env").contains("LANG=C.UTF-8"),
        "UTF-8, not the POSIX locale's ASCII");
    Entry java = file("opt/java/bin/java");
    assertEquals(0755, java.mode() & 0777);
  }

  @Test
  void thereIsNoShellInTheImage() {
    for (String shell : List.of("bin/sh", "bin/bash", "bin/dash", "usr/bin/sh", "usr/bin/bash", "usr/bin/dash", "bin/busybox")) {
      assertFalse(image.files.containsKey(shell), shell);
    }
    assertTrue(image.files.keySet().stream().noneMatch(p -> p.startsWith("bin/") || p.startsWith("usr/bin/")),
        "no /bin or /usr/bin at all");
  }

  @Test
  void theTensorFlowNativeLibrariesAreAlreadyExtractedWhereTheServerLoadsThemFrom() {
    for (String lib : List.of("libtensorflow_cc.so.2", "libtensorflow_framework.so.2", "libjnitensorflow.so")) {
      assertTrue(file(TF_DIR + "/" + lib).size() > 100_000, lib);
    }
    assertTrue(file("opt/zeroprint/native/libnetty_tcnative_linux_x86_64.so").size() > 100_000);
    List<String> entrypoint = entrypoint();
    assertTrue(entrypoint.contains("-Djava.library.path=/" + TF_DIR + ":/opt/zeroprint/native"), entrypoint::toString);
    assertTrue(entrypoint.contains("-Dorg.bytedeco.javacpp.pathsFirst=true"), "loaded in place, never extracted");
    assertTrue(entrypoint.contains("-Dorg.bytedeco.javacpp.cacheLibraries=false"), "no cache folder is looked for");
    assertTrue(entrypoint.contains("-XX:-UsePerfData"), "no /tmp/hsperfdata file");
    assertTrue(entrypoint.contains("-Dio.netty.tmpdir=/opt/zeroprint/native"), "Netty does not probe /tmp");
  }

  @Test
  void theTensorFlowNativeJarIsNotCopiedIntoTheImageAsWell() {
    List<String> jars = image.files.keySet().stream().filter(p -> p.startsWith("app/libs/")).toList();
    assertTrue(jars.stream().anyMatch(p -> p.contains("tensorflow-core-api")), jars::toString);
    assertTrue(jars.stream().noneMatch(p -> p.contains("tensorflow-core-native") && p.contains("linux-x86_64")),
        jars::toString);
  }

  @Test
  void theJreIsAJlinkedRuntimeWithTheModulesTheServerNeeds() {
    String release = new String(image.contents("opt/java/release"));
    for (String module : List.of("java.base", "java.desktop", "java.logging", "java.management", "jdk.crypto.ec",
        "jdk.unsupported")) {
      assertTrue(release.contains(module), module);
    }
    assertFalse(release.contains("jdk.compiler"), "a runtime, not a JDK");
    assertTrue(file("opt/java/lib/modules").size() > 0);
    assertTrue(file("opt/java/lib/server/libjvm.so").size() > 0);
  }

  @Test
  void theCLibrariesTheJreAndTensorFlowLinkAgainstAreThere() {
    assertEquals(0755, file("lib64/ld-linux-x86-64.so.2").mode() & 0777, "the ELF interpreter");
    for (String lib : List.of("lib/x86_64-linux-gnu/libc.so.6", "lib/x86_64-linux-gnu/libm.so.6",
        "lib/x86_64-linux-gnu/libgcc_s.so.1", "lib/x86_64-linux-gnu/libz.so.1", "usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "usr/lib/x86_64-linux-gnu/libjpeg.so.62", "usr/lib/x86_64-linux-gnu/liblcms2.so.2",
        "usr/lib/locale/C.utf8/LC_CTYPE")) {
      assertTrue(file(lib).isRegularFile(), lib + " is a file, not a link resolved elsewhere");
    }
  }

  @Test
  void everyBundledModelAndTheConfigAreInTheImage() throws IOException {
    List<Path> models;
    try (Stream<Path> walk = Files.walk(Path.of("models"))) {
      models = walk.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    assertFalse(models.isEmpty());
    for (Path model : models) {
      String inImage = "opt/zeroprint/" + model.toString().replace('\\', '/');
      assertEquals(Files.size(model), file(inImage).size(), inImage);
    }
    assertArrayEquals(Files.readAllBytes(Path.of("conf/zeroprint.json")), image.contents(CONFIG));
  }

  @Test
  void nothingInTheImageBelongsToOrIsWritableByItsUser() {
    for (Entry entry : image.files.values()) {
      assertEquals(0, entry.uid(), entry.path());
      assertEquals(0, entry.mode() & 0022, entry.path() + " is writable by group or others");
    }
  }

  @Test
  void theImageIsSmallerThanTheSizeTheReadmeGives() {
    long compressed = image.layerSizes.stream().mapToLong(Long::longValue).sum();
    assertTrue(compressed < 260L << 20, "compressed layers: " + compressed);
  }

  private static List<String> entrypoint() {
    return image.config.getJsonObject("config").getJsonArray("Entrypoint").stream().map(Object::toString).toList();
  }

  private static Entry file(String path) {
    Entry entry = image.files.get(path);
    assertNotNull(entry, "not in the image: /" + path);
    return entry;
  }
}
