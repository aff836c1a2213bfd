package io.zeroprint.model;

import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

/**
 * One loaded super-resolution model. {@link #run} is thread-safe (TensorFlow sessions are) and
 * zeroes the input and output tensors before closing them. What TensorFlow allocates inside the
 * graph (activations) is freed by TensorFlow unzeroed: the one place image-derived data is not
 * under our control (see README "What is zeroed").
 */
public final class Upscaler implements AutoCloseable {
  private static final int NHWC_RANK = 4;

  private final ModelManifest manifest;
  private final SavedModelBundle bundle;
  private final String inputOp;
  private final String outputOp;

  Upscaler(ModelManifest manifest, SavedModelBundle bundle) {
    this.manifest = manifest;
    this.bundle = bundle;
    Signature sig = bundle.function(Signature.DEFAULT_KEY).signature();
    this.inputOp = sig.getInputs().get(manifest.inputName()).name;
    this.outputOp = sig.getOutputs().get(manifest.outputName()).name;
  }

  public ModelManifest manifest() {
    return manifest;
  }

  public int scale() {
    return manifest.scale();
  }

  /**
   * Runs the model on one RGB tile.
   *
   * @param in  {@code h·w·3} values in the model's input range
   * @param out receives {@code (h·s)·(w·s)·3} raw output values
   */
  public void run(float[] in, int h, int w, float[] out) {
    int outLength = h * scale() * w * scale() * 3;
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(1, h, w, 3))) {
      FloatDataBuffer inData = input.asRawTensor().data().asFloats();
      inData.write(in, 0, h * w * 3);
      Session session = bundle.session();
      try (Result result = session.runner().feed(inputOp, input).fetch(outputOp).run()) {
        Tensor t = result.get(0);
        if (t.shape().numDimensions() != NHWC_RANK || t.shape().size() != outLength) {
          throw new IllegalStateException("model returned shape " + t.shape());
        }
        FloatDataBuffer outData = t.asRawTensor().data().asFloats();
        outData.read(out, 0, outLength);
        Zeros.fill(outData, outLength);
      } finally {
        Zeros.fill(inData, h * w * 3);
      }
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
