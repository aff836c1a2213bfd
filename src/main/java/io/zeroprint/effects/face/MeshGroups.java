package io.zeroprint.effects.face;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named groups of the 468 FaceMesh points (MediaPipe's keypoint annotations as listed in
 * @vladmandic/human 3.0.4 {@code src/face/facemeshcoords.ts}, MIT). "left" and "right" are the
 * subject's own: the left eye appears on the image's right in an unmirrored photo.
 */
public final class MeshGroups {
  public static final Map<String, int[]> GROUPS = groups();

  private MeshGroups() {}

  private static Map<String, int[]> groups() {
    Map<String, int[]> g = new LinkedHashMap<>();
    g.put("rightEye", new int[] {246, 161, 160, 159, 158, 157, 173, 33, 7, 163, 144, 145, 153, 154, 155, 133});
    g.put("leftEye", new int[] {466, 388, 387, 386, 385, 384, 398, 263, 249, 390, 373, 374, 380, 381, 382, 362});
    g.put("rightEyebrow", new int[] {156, 70, 63, 105, 66, 107, 55, 193, 35, 124, 46, 53, 52, 65});
    g.put("leftEyebrow", new int[] {383, 300, 293, 334, 296, 336, 285, 417, 265, 353, 276, 283, 282, 295});
    g.put("nose", new int[] {168, 1, 2, 98, 327});
    g.put("mouth", new int[] {61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 146, 91, 181, 84, 17, 314, 405, 321, 375});
    g.put("silhouette", new int[] {10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400,
        377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109});
    return g;
  }
}
