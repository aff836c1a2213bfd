import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.tensorflow.EagerSession;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ScaleAndTranslate;
import org.tensorflow.types.TFloat32;

/**
 * A cross-check of {@link Bicubic} against an independent implementation of the same resize:
 * TensorFlow's {@code ScaleAndTranslate} with the {@code keyscubic} kernel and antialiasing (what
 * {@code tf.image.resize(method="bicubic", antialias=True)} runs: Keys a = −0.5, pixel centres,
 * kernel stretched when shrinking). The two differ only at the edges, where TensorFlow drops the
 * taps outside the image and renormalises while MATLAB (and {@link Bicubic}) repeat the edge, so
 * the comparison counts the interior (the kernel's reach from every border) separately.
 *
 * <p>Args: {@code RESULTS_FILE IMAGE SCALE...}: shrinks the image by each scale and grows the result back.
 */
public final class BicubicCheck {
  private BicubicCheck() {
  }

  public static void main(String[] args) throws Exception {
    Results results = Results.fromArg(args[0]);
    BufferedImage img = ImageIO.read(Path.of(args[1]).toFile());
    try (EagerSession session = EagerSession.create()) {
      Ops tf = Ops.create(session);
      for (int i = 2; i < args.length; i++) {
        int s = Integer.parseInt(args[i]);
        int w = img.getWidth() / s * s;
        int h = img.getHeight() / s * s;
        byte[] big = Fidelity.rgb(img, w, h);
        byte[] small = Bicubic.resize(big, w, h, w / s, h / s);
        compare(results, "down" + s, small, tensorflow(tf, big, w, h, w / s, h / s), w / s, h / s, 2);
        byte[] back = Bicubic.resize(small, w / s, h / s, w, h);
        compare(results, "up" + s, back, tensorflow(tf, small, w / s, h / s, w, h), w, h, 2 * s);
      }
    }
  }

  private static byte[] tensorflow(Ops tf, byte[] rgb, int w, int h, int outW, int outH) {
    float[] f = new float[rgb.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = rgb[i] & 0xff;
    }
    var images = tf.constant(Shape.of(1, h, w, 3), DataBuffers.of(f, true, false));
    var size = tf.constant(new int[] {outH, outW});
    var scale = tf.constant(new float[] {(float) outH / h, (float) outW / w});
    var translation = tf.constant(new float[] {0, 0});
    ScaleAndTranslate resized = tf.image.scaleAndTranslate(images, size, scale, translation,
        ScaleAndTranslate.kernelType("keyscubic"), ScaleAndTranslate.antialias(true));
    byte[] out = new byte[outW * outH * 3];
    try (TFloat32 t = resized.asTensor()) {
      float[] v = new float[out.length];
      t.asRawTensor().data().asFloats().read(v);
      for (int i = 0; i < v.length; i++) {
        out[i] = (byte) Math.round(Math.min(255f, Math.max(0f, v[i])));
      }
    }
    return out;
  }

  /** Largest difference in 8-bit levels and the share of samples that differ, inside {@code margin} and overall. */
  private static void compare(Results results, String what, byte[] a, byte[] b, int w, int h, int margin) {
    int maxAll = 0;
    int maxInside = 0;
    long differInside = 0;
    long inside = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean in = x >= margin && y >= margin && x < w - margin && y < h - margin;
        for (int c = 0; c < 3; c++) {
          int i = (y * w + x) * 3 + c;
          int d = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
          maxAll = Math.max(maxAll, d);
          if (in) {
            maxInside = Math.max(maxInside, d);
            differInside += d > 0 ? 1 : 0;
            inside++;
          }
        }
      }
    }
    String k = "fid.bicubic_check." + what;
    results.put(k + ".max_levels_interior", maxInside);
    results.put(k + ".differing_share_interior", (double) differInside / inside);
    results.put(k + ".max_levels_edges", maxAll);
    results.put(k + ".margin", margin);
  }
}
