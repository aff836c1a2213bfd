package io.zeroprint.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

/**
 * One loaded SavedModel with one float NHWC input. {@link #run} is thread-safe (TensorFlow sessions
 * are) and zeroes the input and output tensors before closing them. What TensorFlow allocates
 * inside the graph (activations) is freed by TensorFlow unzeroed and is not measured: the memory
 * scan looks for the input tile's float values, and an activation past the first convolution is a
 * weighted sum over a neighbourhood, with no value of the photo left as it was to look for.
 */
public final class GraphModel implements AutoCloseable {
  private final ModelManifest manifest;
  private final SavedModelBundle bundle;
  private final String inputOp;
  /** Signature output key → graph tensor name. */
  private final Map<String, String> outputOps = new LinkedHashMap<>();
  /** The same SavedModel in an XLA-compiled session, run for inputs of exactly one shape; or null. */
  private SavedModelBundle compiled;
  private int compiledHeight;
  private int compiledWidth;

  GraphModel(ModelManifest manifest, SavedModelBundle bundle) {
    this.manifest = manifest;
    this.bundle = bundle;
    Signature sig = bundle.function(Signature.DEFAULT_KEY).signature();
    this.inputOp = sig.getInputs().get(manifest.inputName()).name;
    sig.getOutputs().forEach((key, info) -> outputOps.put(key, info.name));
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /**
   * Runs inputs of exactly {@code height × width} on {@code bundle} (the same SavedModel, loaded in a
   * session that XLA compiles). XLA compiles once per input shape, so only one shape goes there; any
   * other runs on the plain session and never waits for a compilation. Call before the model is shared.
   */
  void compileFor(SavedModelBundle bundle, int height, int width) {
    this.compiled = bundle;
    this.compiledHeight = height;
    this.compiledWidth = width;
  }

  /** The input shape the compiled session serves, as {@code [height, width]}, or empty. */
  java.util.Optional<int[]> compiledShape() {
    return compiled == null ? java.util.Optional.empty() : java.util.Optional.of(new int[] {compiledHeight, compiledWidth});
  }

  /**
   * Runs the model on one {@code h×w×c} input.
   *
   * @param in      {@code h·w·c} values in the model's input range
   * @param outputs signature output key → array receiving that output (at least its size; a
   *                larger array, e.g. a lease reused across tiles, is filled from the start)
   */
  public void run(float[] in, int h, int w, int c, Map<String, float[]> outputs) {
    List<String> keys = List.copyOf(outputs.keySet());
    int inLength = h * w * c;
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(1, h, w, c))) {
      FloatDataBuffer inData = input.asRawTensor().data().asFloats();
      inData.write(in, 0, inLength);
      SavedModelBundle target = compiled != null && h == compiledHeight && w == compiledWidth ? compiled : bundle;
      var runner = target.session().runner().feed(inputOp, input);
      for (String key : keys) {
        String op = outputOps.get(key);
        if (op == null) {
          throw new IllegalArgumentException(manifest.name() + " has no output " + key);
        }
        runner.fetch(op);
      }
      try (Result result = runner.run()) {
        try {
          for (int i = 0; i < keys.size(); i++) {
            copyOut(result.get(i), outputs.get(keys.get(i)));
          }
        } finally {
          // every output, also those not copied because an earlier one was refused
          for (int i = 0; i < keys.size(); i++) {
            FloatDataBuffer out = result.get(i).asRawTensor().data().asFloats();
            Zeros.fill(out, out.size());
          }
        }
      } finally {
        Zeros.fill(inData, inLength);
      }
    }
  }

  /** Copies a float output (zeroed by the caller); refuses an output larger than the caller expects. */
  private void copyOut(Tensor t, float[] into) {
    long size = t.shape().size();
    if (size > into.length) {
      throw new IllegalStateException(manifest.name() + " returned shape " + t.shape() + ", room for " + into.length);
    }
    t.asRawTensor().data().asFloats().read(into, 0, (int) size);
  }

  @Override
  public void close() {
    bundle.close();
    if (compiled != null) {
      compiled.close();
    }
  }
}
