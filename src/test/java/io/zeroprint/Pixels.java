package io.zeroprint;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Test-side image helpers: decode, crop, block means and differences on packed RGB. */
public final class Pixels {
  private Pixels() {}

  public static BufferedImage decode(byte[] encoded) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(encoded));
      if (img == null) {
        throw new IllegalArgumentException("not an image");
      }
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Packed RGB bytes of a region (sRGB, as getRGB gives). */
  /** Mean red, green and blue over the whole image. */
  public static double[] meanRgb(BufferedImage img) {
    double[] sum = new double[3];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        sum[0] += p >> 16 & 0xff;
        sum[1] += p >> 8 & 0xff;
        sum[2] += p & 0xff;
      }
    }
    double n = (double) img.getWidth() * img.getHeight();
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }

  public static int[] rgb(BufferedImage img, int x, int y, int w, int h) {
    int[] argb = img.getRGB(x, y, w, h, null, 0, w);
    int[] out = new int[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      out[3 * i] = (argb[i] >> 16) & 0xff;
      out[3 * i + 1] = (argb[i] >> 8) & 0xff;
      out[3 * i + 2] = argb[i] & 0xff;
    }
    return out;
  }

  /** Per-channel means of full {@code block}×{@code block} blocks, rounded as floor(mean + 0.5). */
  public static int[] blockMeans(BufferedImage img, int block) {
    int bw = img.getWidth() / block;
    int bh = img.getHeight() / block;
    int[] all = rgb(img, 0, 0, img.getWidth(), img.getHeight());
    int[] out = new int[bw * bh * 3];
    for (int by = 0; by < bh; by++) {
      for (int bx = 0; bx < bw; bx++) {
        for (int c = 0; c < 3; c++) {
          long sum = 0;
          for (int y = by * block; y < (by + 1) * block; y++) {
            for (int x = bx * block; x < (bx + 1) * block; x++) {
              sum += all[(y * img.getWidth() + x) * 3 + c];
            }
          }
          out[(by * bw + bx) * 3 + c] = (int) Math.floor(sum / (double) (block * block) + 0.5);
        }
      }
    }
    return out;
  }

  /** Differences between two equally sized sample arrays. */
  record Diff(int max, double mean, double exactShare) {
    public static Diff of(int[] a, int[] b) {
      if (a.length != b.length) {
        throw new AssertionError("sizes differ: " + a.length + " vs " + b.length);
      }
      int max = 0;
      long sum = 0;
      long exact = 0;
      for (int i = 0; i < a.length; i++) {
        int d = Math.abs(a[i] - b[i]);
        max = Math.max(max, d);
        sum += d;
        exact += d == 0 ? 1 : 0;
      }
      return new Diff(max, sum / (double) a.length, exact / (double) a.length);
    }
  }
}
