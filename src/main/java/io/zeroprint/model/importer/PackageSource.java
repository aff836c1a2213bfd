package io.zeroprint.model.importer;

import io.zeroprint.model.catalog.PinnedPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The files of one pinned npm package: fetched with {@code npm pack} and checked against the pinned
 * sha512 integrity, read from a local tarball (also checked), or read from an installed package
 * folder (npm checked it against the lockfile when it installed it).
 */
public interface PackageSource {

  /** A file of the package by its path inside the package, e.g. {@code models/x4/model.json}. */
  byte[] read(String path) throws IOException;

  static PackageSource fromTarball(byte[] tgz, PinnedPackage pin) throws IOException {
    String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512(tgz));
    if (!actual.equals(pin.integrity())) {
      throw new IOException("integrity mismatch for " + pin.spec() + ": expected " + pin.integrity() + ", got " + actual);
    }
    Map<String, byte[]> files = TarGz.read(tgz);
    return path -> {
      byte[] b = files.get("package/" + path);
      if (b == null) {
        throw new IOException(pin.spec() + " has no file " + path);
      }
      return b;
    };
  }

  static PackageSource fromDirectory(Path dir) {
    return path -> Files.readAllBytes(dir.resolve(path));
  }

  /** Runs {@code npm pack} in a scratch folder; npm itself verifies the registry's integrity too. */
  static PackageSource fetch(PinnedPackage pin, Path scratch) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("npm", "pack", pin.spec(), "--silent", "--pack-destination", scratch.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("npm pack " + pin.spec() + " failed: " + out);
    }
    String[] lines = out.split("\n");
    Path tgz = scratch.resolve(lines[lines.length - 1].trim());
    try {
      return fromTarball(Files.readAllBytes(tgz), pin);
    } finally {
      Files.deleteIfExists(tgz);
    }
  }

  private static byte[] sha512(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-512").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
