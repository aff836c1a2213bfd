package io.zeroprint.effects.face;

import io.zeroprint.effects.EffectDeclaration;
import io.zeroprint.effects.EffectFamily;
import io.zeroprint.effects.Option;
import io.zeroprint.effects.StageKit;
import io.zeroprint.pipeline.Output;
import io.zeroprint.pipeline.Stage;
import java.util.List;
import java.util.Map;

/** Face geometry only: boxes and mesh points. Nothing about who the face is or how they feel. */
public final class FaceFamily implements EffectFamily {
  public static final String LANDMARKS = "landmarks";

  @Override
  public List<EffectDeclaration> effects() {
    return List.of(new Landmarks());
  }

  @Override
  public List<Stage> stages(StageKit kit) {
    return List.of(new LandmarksStage(kit));
  }

  private static final class Landmarks implements EffectDeclaration {
    @Override
    public String name() {
      return LANDMARKS;
    }

    @Override
    public String description() {
      return "Face boxes and the 468 FaceMesh points with named groups, in image pixels";
    }

    @Override
    public Output output() {
      return Output.JSON;
    }

    @Override
    public List<Option> options() {
      return List.of();
    }

    @Override
    public List<String> models(Map<String, Object> settings) {
      return List.of(FaceDetector.MODEL, FaceMesh.MODEL);
    }

    @Override
    public List<String> stages(Map<String, Object> settings) {
      return List.of(LANDMARKS);
    }
  }
}
