import io.vertx.core.json.JsonObject;
import io.zeroprint.model.ModelManifest;
import io.zeroprint.model.catalog.Entry;
import io.zeroprint.model.catalog.PinnedPackage;
import io.zeroprint.model.importer.ModelImporter;
import io.zeroprint.model.importer.PackageSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Converts an ESRGAN package the catalogue does not pin (yet) into a scratch models folder, for a
 * trial in the fidelity benchmark: {@code @upscalerjs/esrgan-medium} or {@code -thick}, as an
 * unpacked package folder or its npm tarball. Each {@code models/x<S>/model.json} becomes
 * {@code esrgan-<tier>-x<S>} through the server's own importer (the TF.js layers converter), so
 * the trial runs what an import would install. A tarball's sha512 is recorded in the manifest; a
 * folder's integrity is recorded as unverified.
 *
 * <p>Args: {@code PACKAGE_DIR_OR_TGZ OUT_DIR SCALE...}
 */
public final class ImportTrial {
  private static final String UNVERIFIED = "unverified (imported from a folder by the fidelity benchmark)";

  private ImportTrial() {
  }

  public static void main(String[] args) throws Exception {
    Path from = Path.of(args[0]);
    Path out = Path.of(args[1]);
    PackageSource source;
    String integrity;
    if (Files.isDirectory(from)) {
      source = PackageSource.fromDirectory(from);
      integrity = UNVERIFIED;
    } else {
      byte[] tgz = Files.readAllBytes(from);
      integrity = "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(tgz));
      source = PackageSource.fromTarball(tgz, new PinnedPackage("package", "", integrity, ""));
    }
    JsonObject pkg = new JsonObject(new String(source.read("package.json"), StandardCharsets.UTF_8));
    String name = pkg.getString("name");
    String tier = name.substring(name.lastIndexOf('/') + 1);
    PinnedPackage pin = new PinnedPackage(name, pkg.getString("version"), integrity, pkg.getString("license"));
    System.out.println("package " + pin.spec());
    ModelImporter importer = new ModelImporter(pin, source);
    for (int i = 2; i < args.length; i++) {
      int scale = Integer.parseInt(args[i]);
      Entry entry = new Entry(tier + "-x" + scale, "models/x" + scale + "/model.json", Entry.Format.LAYERS, "upscale",
          "input", "output", 255f, 255f, 0, 0, 1, 0);
      ModelManifest m = importer.importModel(entry, out);
      System.out.println("imported " + m.name() + "/" + m.version() + " (×" + m.scale() + ", receptive radius "
          + m.receptiveRadius() + ") from " + pin.spec());
    }
  }
}
