package io.zeroprint.effects.face;

import io.zeroprint.buffer.FloatLease;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.effects.StageKit;
import io.zeroprint.pipeline.JobContext;
import io.zeroprint.pipeline.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * Faces → boxes and 468 mesh points as JSON (the job's result; no image is encoded). A detection
 * counts as a face only if the mesh model agrees ({@link #MIN_MESH_SCORE}): BlazeFace alone fires
 * on cats and textures. The points live in budgeted leases, zeroed when the stage ends.
 */
public final class LandmarksStage implements Stage {
  /** Detector score below which a box is not considered (MediaPipe's default). */
  public static final float MIN_DETECTION_SCORE = 0.5f;
  /** Mesh face score below which a detection is dropped. */
  public static final float MIN_MESH_SCORE = 0.5f;
  /** Boxes overlapping a better one by this IoU or more are the same face. */
  public static final float IOU_THRESHOLD = 0.3f;
  public static final int MAX_FACES = 16;

  private final StageKit kit;
  private final BufferStore store;

  LandmarksStage(StageKit kit) {
    this.kit = kit;
    this.store = kit.store();
  }

  @Override
  public String name() {
    return FaceFamily.LANDMARKS;
  }

  @Override
  public void run(JobContext job) {
    FaceDetector detector = new FaceDetector(kit.model(FaceDetector.MODEL), store, MIN_DETECTION_SCORE,
        IOU_THRESHOLD, MAX_FACES);
    FaceMesh mesh = new FaceMesh(kit.model(FaceMesh.MODEL), store);
    var image = job.pixels();
    List<FloatLease> leases = new ArrayList<>();
    try {
      List<LandmarksJson.Entry> found = new ArrayList<>();
      for (Face face : detector.detect(image)) {
        job.checkActive();
        FloatLease points = store.leaseFloats(FaceMesh.POINTS * 3);
        leases.add(points);
        float score = mesh.mesh(image, face, points.floats());
        if (score >= MIN_MESH_SCORE) {
          found.add(new LandmarksJson.Entry(face, score, points.floats()));
        }
      }
      job.encoded(new LandmarksJson(store).write(image.width(), image.height(), found), 0, 0);
    } finally {
      leases.forEach(FloatLease::close);
    }
    job.pixels(null);
  }
}
