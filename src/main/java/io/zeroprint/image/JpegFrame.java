package io.zeroprint.image;

/**
 * A JPEG frame header (SOFn) checked against what the decoder handles, and the scan headers (SOS)
 * checked against it. ImageIO's libjpeg decodes 8-bit Huffman-coded frames only: baseline (SOF0),
 * extended sequential (SOF1) and progressive (SOF2); anything else would fail in the decoder.
 */
final class JpegFrame {
  private static final int SOF0 = 0xC0;
  private static final int SOF2 = 0xC2;
  private static final int PRECISION = 8;
  private static final int MAX_COMPONENTS = 4;
  private static final int MAX_SAMPLING = 4;
  private static final int MAX_QUANT_TABLE = 3;
  private static final int FRAME_FIXED = 6;
  private static final int COMPONENT_SPEC = 3;
  private static final int SCAN_FIXED = 4; // Ns, Ss, Se, Ah/Al
  private static final int SCAN_COMPONENT_SPEC = 2;
  private static final int LAST_COEFFICIENT = 63;
  private static final int MAX_APPROXIMATION_BIT = 13;

  private final int width;
  private final int height;
  private final int[] componentIds;

  private JpegFrame(int width, int height, int[] componentIds) {
    this.width = width;
    this.height = height;
    this.componentIds = componentIds;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
  static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /** Reads the frame header whose payload ({@code length} bytes) starts at {@code p}. */
  static JpegFrame read(ByteCursor c, int marker, long p, int length) {
    if (marker < SOF0 || marker > SOF2) {
      throw ImageHeader.corrupt("The JPEG uses a coding process this server does not decode "
          + "(only baseline, extended sequential and progressive Huffman).");
    }
    if (length < FRAME_FIXED) {
      throw ImageHeader.corrupt("The JPEG frame header is too short.");
    }
    if (c.byteAt(p) != PRECISION) {
      throw ImageHeader.corrupt("The JPEG has a sample precision other than 8 bits.");
    }
    int height = c.u16(p + 1);
    int width = c.u16(p + 3);
    int components = c.byteAt(p + 5);
    if (height == 0 || width == 0) {
      // Height 0 means "given later by a DNL marker", which the decoder does not support.
      throw ImageHeader.corrupt("The JPEG frame header declares no pixels.");
    }
    if (components < 1 || components > MAX_COMPONENTS || length != FRAME_FIXED + COMPONENT_SPEC * components) {
      throw ImageHeader.corrupt("The JPEG frame header has an unsupported number of components.");
    }
    int[] ids = new int[components];
    for (int i = 0; i < components; i++) {
      long s = p + FRAME_FIXED + (long) COMPONENT_SPEC * i;
      ids[i] = c.byteAt(s);
      int h = c.byteAt(s + 1) >> 4;
      int v = c.byteAt(s + 1) & 0xF;
      if (h < 1 || h > MAX_SAMPLING || v < 1 || v > MAX_SAMPLING || c.byteAt(s + 2) > MAX_QUANT_TABLE) {
        throw ImageHeader.corrupt("The JPEG frame header has an invalid component.");
      }
    }
    return new JpegFrame(width, height, ids);
  }

  /** Checks a scan header whose payload ({@code length} bytes) starts at {@code p}. */
  void checkScan(ByteCursor c, long p, int length) {
    int components = c.byteAt(p);
    if (components < 1 || components > componentIds.length
        || length != SCAN_FIXED + SCAN_COMPONENT_SPEC * components) {
      throw ImageHeader.corrupt("The JPEG has an invalid scan header.");
    }
    for (int i = 0; i < components; i++) {
      if (!isComponent(c.byteAt(p + 1 + (long) SCAN_COMPONENT_SPEC * i))) {
        throw ImageHeader.corrupt("The JPEG has a scan of a component its frame does not have.");
      }
    }
    long spectral = p + 1 + (long) SCAN_COMPONENT_SPEC * components;
    int start = c.byteAt(spectral);
    int end = c.byteAt(spectral + 1);
    int approximation = c.byteAt(spectral + 2);
    if (start > end || end > LAST_COEFFICIENT || (approximation >> 4) > MAX_APPROXIMATION_BIT
        || (approximation & 0xF) > MAX_APPROXIMATION_BIT) {
      throw ImageHeader.corrupt("The JPEG has an invalid scan header.");
    }
  }

  private boolean isComponent(int id) {
    for (int known : componentIds) {
      if (known == id) {
        return true;
      }
    }
    return false;
  }
}
