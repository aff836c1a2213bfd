package io.zeroprint.effects.segment;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.FloatLease;
import io.zeroprint.image.Resample;
import io.zeroprint.image.RgbImage;
import io.zeroprint.model.GraphModel;
import java.util.Map;

/**
 * Person segmentation with MediaPipe's selfie model (256×256, as fed by @vladmandic/human 3.0.4
 * {@code src/segmentation/selfie.ts}, MIT): the image stretched to the input, values 0..1; the
 * output is already a probability. The mask comes back at image size, one byte per pixel
 * (255 = person), with its edge feathered so cut-outs and blurs do not show a hard outline.
 */
public final class Segmenter {
  public static final String MODEL = "selfie";
  private static final int SIDE = 256;
  private static final String OUTPUT = "activation_10";
  /** Feather radius as a fraction of the image's shorter side (at least 1 pixel). */
  private static final int FEATHER_DIVISOR = 256;

  private final GraphModel model;
  private final BufferStore store;

  public Segmenter(GraphModel model, BufferStore store) {
    this.model = model;
    this.store = store;
  }

  /** The person mask at image size; the caller closes (zeroes) it. */
  public ByteLease mask(RgbImage image) {
    ByteLease mask = store.leaseBytes(Math.multiplyExact(image.width(), image.height()));
    try (FloatLease in = store.leaseFloats(SIDE * SIDE * 3); FloatLease out = store.leaseFloats(SIDE * SIDE)) {
      Resample.resize(image, SIDE, SIDE, in.floats(), 1f / 255f, 0f);
      model.run(in.floats(), SIDE, SIDE, 3, Map.of(OUTPUT, out.floats()));
      Resample.planeToBytes(out.floats(), SIDE, SIDE, image.width(), image.height(), mask.bytes());
      int feather = Math.max(1, Math.min(image.width(), image.height()) / FEATHER_DIVISOR);
      BoxBlur.blur(store, mask.bytes(), image.width(), image.height(), 1, feather);
      return mask;
    } catch (RuntimeException e) {
      mask.close();
      throw e;
    }
  }
}
