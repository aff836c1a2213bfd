package io.zeroprint.image;

/** The PNG image header, checked against the combinations the specification allows. */
record PngIhdr(int width, int height, int colourType) {
  private static final int LENGTH = 13;
  private static final int GREY = 0;
  private static final int RGB = 2;
  private static final int INDEXED = 3;
  private static final int GREY_ALPHA = 4;
  private static final int RGBA = 6;
  private static final int ADAM7 = 1;

  boolean indexed() {
    return colourType == INDEXED;
  }

  static PngIhdr read(ByteCursor c, long p, long length) {
    if (length != LENGTH) {
      throw ImageHeader.corrupt("The PNG's IHDR chunk has the wrong length.");
    }
    long width = c.u32(p);
    long height = c.u32(p + 4);
    if (width == 0 || height == 0) {
      throw ImageHeader.corrupt("The image header declares no pixels.");
    }
    if (width > PngLimits.MAX_UNSIGNED_31 || height > PngLimits.MAX_UNSIGNED_31) {
      throw ImageHeader.corrupt("The PNG declares a width or height larger than the format allows.");
    }
    int depth = c.byteAt(p + 8);
    int colourType = c.byteAt(p + 9);
    if (!validDepth(colourType, depth)) {
      throw ImageHeader.corrupt("The PNG declares an invalid bit depth and colour type.");
    }
    if (c.byteAt(p + 10) != 0 || c.byteAt(p + 11) != 0 || c.byteAt(p + 12) > ADAM7) {
      throw ImageHeader.corrupt("The PNG declares an unknown compression, filter or interlace method.");
    }
    return new PngIhdr((int) width, (int) height, colourType);
  }

  private static boolean validDepth(int colourType, int depth) {
    return switch (colourType) {
      case GREY -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
      case INDEXED -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
      case RGB, GREY_ALPHA, RGBA -> depth == 8 || depth == 16;
      default -> false;
    };
  }
}
