package io.zeroprint.effects.face;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.FloatLease;
import io.zeroprint.image.Resample;
import io.zeroprint.image.RgbImage;
import io.zeroprint.model.GraphModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FaceMesh (192×192): the detector's box enlarged ×1.4 and squared, cropped and resized
 * bilinearly, and the 468 points mapped back to image pixels — as @vladmandic/human 3.0.4 does
 * without rotation ({@code src/face/facemesh.ts}, {@code facemeshutil.ts}, MIT).
 */
public final class FaceMesh {
  public static final String MODEL = "facemesh";
  public static final int POINTS = 468;
  static final int SIDE = 192;
  private static final float ENLARGE = 1.4f;
  private static final int CONTOURS = 266;

  private final GraphModel model;
  private final BufferStore store;

  public FaceMesh(GraphModel model, BufferStore store) {
    this.model = model;
    this.store = store;
  }

  /**
   * Fills {@code points} ({@code 468·3}: x, y in image pixels, z in crop pixels) for one face.
   *
   * @return the mesh model's face score (0..1, the graph applies the sigmoid)
   */
  public float mesh(RgbImage image, Face face, float[] points) {
    float cx = (face.x1() + face.x2()) / 2;
    float cy = (face.y1() + face.y2()) / 2;
    float half = Math.max(face.width(), face.height()) * ENLARGE / 2;
    float x1 = Math.round(cx - half);
    float y1 = Math.round(cy - half);
    float side = Math.round(cx + half) - x1;
    try (FloatLease in = store.leaseFloats(SIDE * SIDE * 3);
         FloatLease flag = store.leaseFloats(1);
         FloatLease contours = store.leaseFloats(CONTOURS)) {
      Resample.crop(image, x1, y1, x1 + side, y1 + side, SIDE, in.floats(), 1f / 255f, 0f);
      Map<String, float[]> out = new LinkedHashMap<>();
      out.put("output_mesh", points);
      out.put("output_faceflag", flag.floats());
      out.put("output_contours", contours.floats());
      model.run(in.floats(), SIDE, SIDE, 3, out);
      float k = side / SIDE;
      for (int p = 0; p < POINTS; p++) {
        points[p * 3] = x1 + points[p * 3] * k;
        points[p * 3 + 1] = y1 + points[p * 3 + 1] * k;
      }
      return flag.floats()[0];
    }
  }
}
