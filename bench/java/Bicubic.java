/**
 * Bicubic resizing as MATLAB's {@code imresize(img, s, 'bicubic')} defines it, the resize super-resolution
 * papers use to make their low-resolution inputs and their bicubic baseline: Keys' cubic convolution
 * with a = −0.5; output pixel centres mapped to {@code (x + 0.5) / s − 0.5} in the source; when
 * shrinking, the kernel is stretched by 1/s (antialiasing) and its weights renormalised to sum to 1;
 * symmetric edge extension (the edge pixel repeated, as MATLAB's mirrored indices); computed in double
 * precision, vertical pass first, and rounded to 8 bits once, at the end. PIL's {@code BICUBIC} uses
 * the same kernel and antialiasing but rounds to 8 bits between its two passes.
 */
final class Bicubic {
  private static final double A = -0.5;
  private static final int CHANNELS = 3;

  private Bicubic() {
  }

  /** Resizes interleaved 8-bit RGB {@code w × h} to {@code outW × outH}. */
  static byte[] resize(byte[] rgb, int w, int h, int outW, int outH) {
    return resize(rgb, w, h, outW, outH, true);
  }

  /**
   * As above; without {@code antialias} a shrink samples the unstretched kernel (what
   * {@code tf.image.resize} and OpenCV do by default), which keeps more aliased detail.
   */
  static byte[] resize(byte[] rgb, int w, int h, int outW, int outH, boolean antialias) {
    double[] src = new double[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      src[i] = rgb[i] & 0xff;
    }
    double[] vertical = pass(src, w, h, h, outH, false, antialias);
    double[] both = pass(vertical, w, outH, w, outW, true, antialias);
    byte[] out = new byte[both.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (int) Math.round(Math.min(255, Math.max(0, both[i])));
    }
    return out;
  }

  /** One separable pass along x ({@code horizontal}) or y, from {@code in} to {@code out} samples. */
  private static double[] pass(double[] src, int w, int h, int in, int out, boolean horizontal,
      boolean antialias) {
    Weights k = weights(in, out, antialias);
    int outW = horizontal ? out : w;
    int outH = horizontal ? h : out;
    double[] dst = new double[outW * outH * CHANNELS];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int o = horizontal ? x : y;
        for (int c = 0; c < CHANNELS; c++) {
          double sum = 0;
          for (int t = 0; t < k.taps; t++) {
            int i = k.index[o * k.taps + t];
            int si = horizontal ? (y * w + i) * CHANNELS + c : (i * w + x) * CHANNELS + c;
            sum += k.weight[o * k.taps + t] * src[si];
          }
          dst[(y * outW + x) * CHANNELS + c] = sum;
        }
      }
    }
    return dst;
  }

  /** Each output sample's source indices and weights (the MATLAB {@code contributions} table). */
  private record Weights(int taps, int[] index, double[] weight) {}

  private static Weights weights(int in, int out, boolean antialias) {
    double scale = (double) out / in;
    double stretch = scale < 1 && antialias ? scale : 1; // antialiasing: the kernel widened by 1/scale when shrinking
    double width = 4 / stretch;
    int taps = (int) Math.ceil(width) + 2;
    int[] index = new int[out * taps];
    double[] weight = new double[out * taps];
    for (int o = 0; o < out; o++) {
      double u = (o + 0.5) / scale - 0.5;
      int left = (int) Math.floor(u - width / 2);
      double total = 0;
      for (int t = 0; t < taps; t++) {
        int i = left + t;
        double wgt = stretch * cubic(stretch * (u - i));
        index[o * taps + t] = symmetric(i, in);
        weight[o * taps + t] = wgt;
        total += wgt;
      }
      for (int t = 0; t < taps; t++) {
        weight[o * taps + t] /= total;
      }
    }
    return new Weights(taps, index, weight);
  }

  /** Keys' kernel with a = −0.5 (zero beyond 2). */
  static double cubic(double x) {
    double ax = Math.abs(x);
    if (ax <= 1) {
      return ((A + 2) * ax - (A + 3)) * ax * ax + 1;
    }
    if (ax < 2) {
      return ((A * ax - 5 * A) * ax + 8 * A) * ax - 4 * A;
    }
    return 0;
  }

  /** Index reflected into {@code [0, n)} with the edge repeated: −1 → 0, n → n − 1. */
  private static int symmetric(int i, int n) {
    int period = 2 * n;
    int m = Math.floorMod(i, period);
    return m < n ? m : period - 1 - m;
  }
}
