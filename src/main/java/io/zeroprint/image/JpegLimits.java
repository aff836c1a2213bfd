package io.zeroprint.image;

/**
 * How much JPEG structure the scan accepts. Decoders do per-marker work that is not linear in the
 * file size (ImageIO's libjpeg keeps saved APPn markers in a list it walks to the end for every
 * append), so counts are capped, not only bytes. Each cap is far above what encoders write.
 */
final class JpegLimits {
  /**
   * Marker segments of any kind. Camera and phone files carry about 10–25 (JFIF/EXIF/XMP/ICC/MPF,
   * 1–2 DQT, 4 DHT, or ~10 DHT + ~10 SOS when progressive); the largest legitimate count comes from
   * metadata split into 64 KiB segments (extended XMP depth maps): a 25 MiB upload made only of
   * such segments has about 400, so 512 still admits it.
   */
  static final int MAX_SEGMENTS = 512;
  /**
   * Progressive scripts use 6 (grey) to about 10–12 (colour) scans; 32 is close to three times
   * that. The cap also bounds decoding: libjpeg revisits every block of the image in each scan,
   * about 65 ms per scan at the default 16.7 MP pixel limit (~1.1 s for 10 scans, ~4.3 s for 60).
   */
  static final int MAX_SCANS = 32;
  /** Four table slots; encoders write 1–4 DQT segments, redefining them between scans is rare. */
  static final int MAX_QUANT_TABLE_SEGMENTS = 16;
  /** Baseline writes up to 4 DHT segments, progressive one (at most two) per scan. */
  static final int MAX_HUFFMAN_TABLE_SEGMENTS = 2 * MAX_SCANS;
  /** 0xFF padding before markers; encoders that pad at all write a handful of bytes. */
  static final int MAX_FILL_BYTES = 64 * 1024;
  /**
   * An ICC profile split over APP2 segments: display and camera profiles are 0.5–4 KB, large
   * LUT-based print profiles under 2 MiB. The decoder parses the whole profile before any pixel.
   */
  static final long MAX_ICC_BYTES = 2L << 20;

  private JpegLimits() {}

  /** The running counts of one walk; each step throws {@code CORRUPT_IMAGE} once past its cap. */
  static final class Counts {
    private int segments;
    private int scans;
    private int quantTables;
    private int huffmanTables;
    private int fill;
    private long iccBytes;

    void segment() {
      check(++segments <= MAX_SEGMENTS, "The JPEG has more than " + MAX_SEGMENTS + " marker segments.");
    }

    void scan() {
      check(++scans <= MAX_SCANS, "The JPEG has more than " + MAX_SCANS + " scans.");
    }

    int scans() {
      return scans;
    }

    void quantTables() {
      check(++quantTables <= MAX_QUANT_TABLE_SEGMENTS,
          "The JPEG has more than " + MAX_QUANT_TABLE_SEGMENTS + " quantization table segments.");
    }

    void huffmanTables() {
      check(++huffmanTables <= MAX_HUFFMAN_TABLE_SEGMENTS,
          "The JPEG has more than " + MAX_HUFFMAN_TABLE_SEGMENTS + " Huffman table segments.");
    }

    void fill() {
      check(++fill <= MAX_FILL_BYTES, "The JPEG has more than " + MAX_FILL_BYTES + " fill bytes.");
    }

    void iccBytes(int n) {
      iccBytes += n;
      check(iccBytes <= MAX_ICC_BYTES, "The JPEG's colour profile is larger than " + MAX_ICC_BYTES + " bytes.");
    }

    private static void check(boolean ok, String detail) {
      if (!ok) {
        throw ImageHeader.corrupt(detail);
      }
    }
  }
}
