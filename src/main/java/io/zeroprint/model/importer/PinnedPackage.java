package io.zeroprint.model.importer;

/** An npm package pinned by version and by the sha512 integrity the registry publishes for it. */
public record PinnedPackage(String name, String version, String integrity, String license) {

  /** ESRGAN-slim super-resolution, TF.js layers models ×2 ×3 ×4 ×8 (MIT, Kevin Scott / UpscalerJS). */
  public static final PinnedPackage ESRGAN_SLIM = new PinnedPackage("@upscalerjs/esrgan-slim", "1.0.0",
      "sha512-DXtwn5SE71+pZKluN/hGeLaZv6ZylyFQYSvMqU08kKCEA5Y9Q1cIIk4EvPTPZw8VqGi2C6F02c8OjhtId4BK2w==", "MIT");

  public String spec() {
    return name + "@" + version;
  }
}
