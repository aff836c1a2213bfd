package io.zeroprint.effects.face;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.FloatLease;
import io.zeroprint.image.Resample;
import io.zeroprint.image.RgbImage;
import io.zeroprint.model.GraphModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BlazeFace (back-camera model, 256×256): the image stretched to the model's input, 896 anchor
 * boxes decoded, scored by sigmoid, thinned by greedy non-maximum suppression. Anchors, box
 * decoding and output order follow @vladmandic/human 3.0.4 ({@code src/face/blazeface.ts}, MIT).
 */
public final class FaceDetector {
  public static final String MODEL = "blazeface";
  static final int SIDE = 256;
  private static final int[] STRIDES = {16, 32};
  private static final int[] ANCHORS_PER_CELL = {2, 6};
  private static final int FINE_ROWS = 512;
  private static final int COARSE_ROWS = 384;
  private static final int REGRESSORS = 16;
  /** Inputs scaled to [-1, 1], as MediaPipe trained BlazeFace. */
  private static final float IN_SCALE = 1f / 127.5f;
  private static final float IN_OFFSET = -1f;

  private final GraphModel model;
  private final BufferStore store;
  private final float minScore;
  private final float iouThreshold;
  private final int maxFaces;
  private static final float[] ANCHORS = anchors();

  public FaceDetector(GraphModel model, BufferStore store, float minScore, float iouThreshold, int maxFaces) {
    this.model = model;
    this.store = store;
    this.minScore = minScore;
    this.iouThreshold = iouThreshold;
    this.maxFaces = maxFaces;
  }

  /** Faces in image pixels, best first. */
  public List<Face> detect(RgbImage image) {
    try (FloatLease in = store.leaseFloats(SIDE * SIDE * 3);
         FloatLease fineScores = store.leaseFloats(FINE_ROWS);
         FloatLease coarseScores = store.leaseFloats(COARSE_ROWS);
         FloatLease fineBoxes = store.leaseFloats(FINE_ROWS * REGRESSORS);
         FloatLease coarseBoxes = store.leaseFloats(COARSE_ROWS * REGRESSORS)) {
      Resample.resize(image, SIDE, SIDE, in.floats(), IN_SCALE, IN_OFFSET);
      Map<String, float[]> out = new LinkedHashMap<>();
      out.put("Identity", fineScores.floats());
      out.put("Identity_1", coarseScores.floats());
      out.put("Identity_2", fineBoxes.floats());
      out.put("Identity_3", coarseBoxes.floats());
      model.run(in.floats(), SIDE, SIDE, 3, out);
      List<Face> candidates = new ArrayList<>();
      float sx = (float) image.width() / SIDE;
      float sy = (float) image.height() / SIDE;
      for (int row = 0; row < FINE_ROWS + COARSE_ROWS; row++) {
        boolean fine = row < FINE_ROWS;
        int r = fine ? row : row - FINE_ROWS;
        float score = sigmoid(fine ? fineScores.floats()[r] : coarseScores.floats()[r]);
        if (score < minScore) {
          continue;
        }
        float[] reg = fine ? fineBoxes.floats() : coarseBoxes.floats();
        int o = r * REGRESSORS;
        float cx = reg[o] + ANCHORS[row * 2];
        float cy = reg[o + 1] + ANCHORS[row * 2 + 1];
        float hw = reg[o + 2] / 2;
        float hh = reg[o + 3] / 2;
        candidates.add(new Face((cx - hw) * sx, (cy - hh) * sy, (cx + hw) * sx, (cy + hh) * sy, score));
      }
      return suppress(candidates);
    }
  }

  private List<Face> suppress(List<Face> candidates) {
    candidates.sort(Comparator.comparingDouble(Face::score).reversed());
    List<Face> kept = new ArrayList<>();
    for (Face c : candidates) {
      if (kept.size() == maxFaces) {
        break;
      }
      if (kept.stream().noneMatch(k -> k.iou(c) >= iouThreshold)) {
        kept.add(c);
      }
    }
    return kept;
  }

  /** Anchor centres in 256-pixel units: stride 16 (16×16 cells × 2), then stride 32 (8×8 × 6). */
  private static float[] anchors() {
    float[] a = new float[(FINE_ROWS + COARSE_ROWS) * 2];
    int i = 0;
    for (int s = 0; s < STRIDES.length; s++) {
      int stride = STRIDES[s];
      int cells = (SIDE + stride - 1) / stride;
      for (int gy = 0; gy < cells; gy++) {
        for (int gx = 0; gx < cells; gx++) {
          for (int n = 0; n < ANCHORS_PER_CELL[s]; n++) {
            a[i++] = stride * (gx + 0.5f);
            a[i++] = stride * (gy + 0.5f);
          }
        }
      }
    }
    return a;
  }

  private static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }
}
