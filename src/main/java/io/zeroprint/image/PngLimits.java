package io.zeroprint.image;

/**
 * How much PNG structure the scan accepts. Per-chunk work in a decoder is small but not free, so a
 * file of millions of empty chunks is refused by count; metadata the decoder may inflate or parse
 * is capped in bytes.
 */
final class PngLimits {
  /**
   * Chunks allowed per byte of file: encoders write IDAT in 8–64 KiB pieces (libpng 8 KiB, ImageIO
   * 32 KiB), so even a 1-row-per-IDAT stream stays far below one chunk per 256 bytes, while a flood
   * of empty 12-byte chunks is 21 times over it.
   */
  static final int BYTES_PER_CHUNK = 256;
  /** Allowance on top, so a tiny image with its usual ancillary chunks always passes. */
  static final int BASE_CHUNKS = 64;
  /** Chunks other than image data (IDAT, and APNG's fcTL/fdAT frames): files carry 2–20. */
  static final int MAX_METADATA_CHUNKS = 1024;
  /** tEXt + zTXt + iTXt bytes: captions and XMP packets are a few KB; zTXt/iTXt inflate on read. */
  static final long MAX_TEXT_BYTES = 1L << 20;
  /** Compressed iCCP profile: typical profiles compress to 0.3–3 KB, large print profiles < 1 MiB. */
  static final long MAX_ICC_BYTES = 1L << 20;
  /** The PNG specification's limit for chunk lengths, width and height. */
  static final long MAX_UNSIGNED_31 = 0x7FFF_FFFFL;

  private PngLimits() {}

  static long maxChunks(long fileBytes) {
    return BASE_CHUNKS + fileBytes / BYTES_PER_CHUNK;
  }
}
