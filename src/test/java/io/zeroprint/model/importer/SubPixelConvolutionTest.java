package io.zeroprint.model.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rewritten convolution computes what upsampling-then-convolving computes, border included. */
class SubPixelConvolutionTest {

  @ParameterizedTest(name = "×{0}, kernel {1}")
  @CsvSource({"2, 3", "3, 3", "4, 3", "8, 3", "2, 5", "4, 5", "1, 3"})
  void theLowResolutionConvolutionEqualsUpsamplingThenConvolving(int s, int k) {
    int h = 5;
    int w = 4;
    int in = 3;
    int out = 2;
    Random random = new Random(s * 31 + k);
    float[] x = randoms(random, h * w * in);
    float[] kernel = randoms(random, k * k * in * out);
    float[] bias = randoms(random, out);

    float[] expected = convolveSame(upsample(x, h, w, in, s), h * s, w * s, in, kernel, k, out, bias);
    SubPixelConvolution.Weights rewritten = SubPixelConvolution.rewrite(kernel, k, in, out, bias, s);
    float[] low = convolveSame(x, h, w, in, rewritten.kernel(), rewritten.side(), s * s * out, rewritten.bias());
    float[] actual = depthToSpace(low, h, w, s, out);

    assertEquals(SubPixelConvolution.side(k, s), rewritten.side());
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5, "value " + i);
    }
  }

  private static float[] randoms(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static float[] upsample(float[] x, int h, int w, int c, int s) {
    float[] y = new float[h * s * w * s * c];
    for (int i = 0; i < h * s; i++) {
      for (int j = 0; j < w * s; j++) {
        System.arraycopy(x, ((i / s) * w + j / s) * c, y, (i * w * s + j) * c, c);
      }
    }
    return y;
  }

  /** TensorFlow's "same" convolution, stride 1, kernel {@code [k, k, in, out]}. */
  private static float[] convolveSame(float[] x, int h, int w, int in, float[] kernel, int k, int out, float[] bias) {
    int r = (k - 1) / 2;
    float[] y = new float[h * w * out];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        for (int o = 0; o < out; o++) {
          double sum = bias[o];
          for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
              int yi = i + dy;
              int xj = j + dx;
              if (yi < 0 || yi >= h || xj < 0 || xj >= w) {
                continue;
              }
              for (int c = 0; c < in; c++) {
                sum += x[(yi * w + xj) * in + c] * kernel[(((dy + r) * k + dx + r) * in + c) * out + o];
              }
            }
          }
          y[(i * w + j) * out + o] = (float) sum;
        }
      }
    }
    return y;
  }

  /** TensorFlow's DepthToSpace (NHWC, DCR): depth index (a·s + b)·out + o lands at (i·s + a, j·s + b). */
  private static float[] depthToSpace(float[] x, int h, int w, int s, int out) {
    float[] y = new float[h * s * w * s * out];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        for (int a = 0; a < s; a++) {
          for (int b = 0; b < s; b++) {
            for (int o = 0; o < out; o++) {
              y[((i * s + a) * w * s + j * s + b) * out + o] = x[(i * w + j) * s * s * out + (a * s + b) * out + o];
            }
          }
        }
      }
    }
    return y;
  }
}
