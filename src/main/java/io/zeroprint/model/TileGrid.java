package io.zeroprint.model;

/**
 * Where the tiles of one image lie. Square cores of side {@code core} cover the image exactly once,
 * row by row from the top left (the last row and column are cut short). A tile reads its core plus
 * up to {@code context} pixels past each edge (fewer where the image ends), and that window is
 * mirrored at its right and bottom out to the next multiple of {@code multiple}, the input sizes
 * the model accepts. Of a tile's output only its core is kept.
 *
 * @param width    image width
 * @param height   image height
 * @param core     core side; the grid has {@code ⌈width/core⌉ × ⌈height/core⌉} tiles
 * @param context  pixels a tile sees past each side of its core
 * @param multiple model input sides must be multiples of this (1 = any size, never padded)
 * @param fullWindowGain how much faster a full-size window runs than others (the compiled session);
 *                 where the image is large enough, a tile whose window would be cut short by the
 *                 image's right or bottom edge slides inward to the full side {@code core + 2·context}
 *                 (more overlap, the same core) when that costs less: full side² ÷ gain below the
 *                 short window's area. 0 never slides.
 */
public record TileGrid(int width, int height, int core, int context, int multiple, double fullWindowGain) {

  public TileGrid(int width, int height, int core, int context, int multiple) {
    this(width, height, core, context, multiple, 0);
  }

  public TileGrid {
    if (width < 1 || height < 1 || core < 1 || context < 0 || multiple < 1) {
      throw new IllegalArgumentException("tile grid " + width + "x" + height + " core " + core + " context "
          + context + " multiple " + multiple);
    }
  }

  public int columns() {
    return ceilDiv(width, core);
  }

  public int rows() {
    return ceilDiv(height, core);
  }

  public int count() {
    return columns() * rows();
  }

  /** The input side no tile of any image exceeds, so one pair of buffers serves every tile. */
  public int maxInputSide() {
    return roundUp(core + 2 * context);
  }

  /** The {@code index}-th tile, row-major. */
  public Tile tile(int index) {
    int x0 = index % columns() * core;
    int y0 = index / columns() * core;
    int cw = Math.min(core, width - x0);
    int ch = Math.min(core, height - y0);
    int x = Math.max(0, x0 - context);
    int y = Math.max(0, y0 - context);
    int w = Math.min(width, x0 + cw + context) - x;
    int h = Math.min(height, y0 + ch + context) - y;
    int full = core + 2 * context;
    if (fullWindowGain > 0 && width >= full && height >= full && (w < full || h < full)
        && (double) full * full / fullWindowGain < (double) w * h) {
      x = Math.min(x, width - full);
      w = full;
      y = Math.min(y, height - full);
      h = full;
    }
    return new Tile(x, y, w, h, x0, y0, cw, ch, roundUp(w), roundUp(h));
  }

  private int roundUp(int v) {
    return ceilDiv(v, multiple) * multiple;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * One tile, in image pixels: the window {@code (x, y, w, h)} it reads, the core
   * {@code (coreX, coreY, coreW, coreH)} it contributes, and the model input
   * {@code inputW × inputH} (the window plus its mirrored padding).
   */
  public record Tile(int x, int y, int w, int h, int coreX, int coreY, int coreW, int coreH, int inputW,
      int inputH) {

    /** The image column that feeds input column {@code inputX} (padding mirrors the window). */
    public int sourceX(int inputX) {
      return x + mirror(inputX, w);
    }

    /** The image row that feeds input row {@code inputY}. */
    public int sourceY(int inputY) {
      return y + mirror(inputY, h);
    }

    /** {@code i} reflected into {@code [0, n)} without repeating the edge: …, n-2, n-1, n-2, …. */
    private static int mirror(int i, int n) {
      if (i < n) {
        return i;
      }
      if (n == 1) {
        return 0;
      }
      int period = 2 * (n - 1);
      int m = i % period;
      return m < n ? m : period - m;
    }
  }
}
