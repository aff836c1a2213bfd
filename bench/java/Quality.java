/**
 * Image fidelity as super-resolution papers measure it: on the luma channel Y of ITU-R BT.601
 * (studio range, 16..235, from 8-bit RGB in double precision: MATLAB's {@code rgb2ycbcr}), with
 * {@code crop} pixels removed at every border (the scale factor: the edge is where resizing
 * conventions differ most). PSNR against a peak of 255; SSIM as Wang et al. (2004) define it: 11×11
 * Gaussian window with σ = 1.5, K1 = 0.01, K2 = 0.03, L = 255, averaged over every position where
 * the window fits (no padding).
 */
final class Quality {
  private static final double PEAK = 255;
  private static final int WINDOW = 11;
  private static final double SIGMA = 1.5;
  private static final double C1 = Math.pow(0.01 * PEAK, 2);
  private static final double C2 = Math.pow(0.03 * PEAK, 2);

  private Quality() {
  }

  /** A luma plane. */
  record Plane(int w, int h, double[] v) {}

  /** BT.601 Y of interleaved 8-bit RGB, with {@code crop} pixels removed at each border. */
  static Plane luma(byte[] rgb, int w, int h, int crop) {
    int cw = w - 2 * crop;
    int ch = h - 2 * crop;
    double[] y = new double[cw * ch];
    for (int j = 0; j < ch; j++) {
      for (int i = 0; i < cw; i++) {
        int o = ((j + crop) * w + i + crop) * 3;
        y[j * cw + i] = 16 + (65.481 * (rgb[o] & 0xff) + 128.553 * (rgb[o + 1] & 0xff)
            + 24.966 * (rgb[o + 2] & 0xff)) / 255;
      }
    }
    return new Plane(cw, ch, y);
  }

  static double psnr(Plane a, Plane b) {
    double se = 0;
    for (int i = 0; i < a.v.length; i++) {
      double d = a.v[i] - b.v[i];
      se += d * d;
    }
    double mse = se / a.v.length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(PEAK * PEAK / mse);
  }

  static double ssim(Plane a, Plane b) {
    double[] g = gaussian();
    double[] ma = filter(a.v, a.w, a.h, g);
    double[] mb = filter(b.v, b.w, b.h, g);
    double[] aa = filter(product(a.v, a.v), a.w, a.h, g);
    double[] bb = filter(product(b.v, b.v), a.w, a.h, g);
    double[] ab = filter(product(a.v, b.v), a.w, a.h, g);
    double sum = 0;
    for (int i = 0; i < ma.length; i++) {
      double mu1 = ma[i];
      double mu2 = mb[i];
      double s1 = aa[i] - mu1 * mu1;
      double s2 = bb[i] - mu2 * mu2;
      double s12 = ab[i] - mu1 * mu2;
      sum += (2 * mu1 * mu2 + C1) * (2 * s12 + C2) / ((mu1 * mu1 + mu2 * mu2 + C1) * (s1 + s2 + C2));
    }
    return sum / ma.length;
  }

  /** The normalised 1-D Gaussian; the 2-D window is its outer product. */
  private static double[] gaussian() {
    double[] g = new double[WINDOW];
    double total = 0;
    for (int i = 0; i < WINDOW; i++) {
      double x = i - WINDOW / 2;
      g[i] = Math.exp(-x * x / (2 * SIGMA * SIGMA));
      total += g[i];
    }
    for (int i = 0; i < WINDOW; i++) {
      g[i] /= total;
    }
    return g;
  }

  /** Separable 'valid' filtering: the output is (w − 10) × (h − 10). */
  private static double[] filter(double[] v, int w, int h, double[] g) {
    int ow = w - WINDOW + 1;
    int oh = h - WINDOW + 1;
    double[] rows = new double[ow * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < ow; x++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += g[k] * v[y * w + x + k];
        }
        rows[y * ow + x] = s;
      }
    }
    double[] out = new double[ow * oh];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += g[k] * rows[(y + k) * ow + x];
        }
        out[y * ow + x] = s;
      }
    }
    return out;
  }

  private static double[] product(double[] a, double[] b) {
    double[] p = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      p[i] = a[i] * b[i];
    }
    return p;
  }
}
