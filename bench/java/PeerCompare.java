import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmarks 4 and 7: zeroprint's bare model against the tfjs-wasm peer ({@code peer-tfjs.cjs}) at
 * each scale, in alternating slices with both models kept loaded: the bare model runs a few seconds
 * in this JVM, then the peer runs a fixed number of upscales in its Node process; repeat, swapping
 * which goes first every other pair. The ratio
 * is taken per slice pair and its median reported (the machine is shared; each pair sees the same
 * load). Node's stderr goes to this process's stderr.
 *
 * <p>Args: {@code RESULTS_FILE IMAGE PEER_SCRIPT SLICES BARE_SECONDS PEER_IMAGES SCALE...}
 */
public final class PeerCompare {
  private static final String READY = "READY";
  private static final String RUN = "RUN ";
  /** Index of the first SCALE argument; every argument from there on is a scale. */
  private static final int FIRST_SCALE_ARG = 6;

  public static void main(String[] args) throws Exception {
    Results results = Results.fromArg(args[0]);
    Path image = Path.of(args[1]);
    String script = args[2];
    int slices = Integer.parseInt(args[3]);
    double bareSeconds = Double.parseDouble(args[4]);
    int peerImages = Integer.parseInt(args[5]);
    for (int i = FIRST_SCALE_ARG; i < args.length; i++) {
      int scale = Integer.parseInt(args[i]);
      compare(results, image, script, scale, slices, bareSeconds, peerImages, args[0]);
    }
  }

  private static void compare(Results results, Path image, String script, int scale, int slices,
      double bareSeconds, int peerImages, String resultsFile) throws Exception {
    Process node = new ProcessBuilder("node", script, resultsFile, image.toString(), String.valueOf(scale))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BareModel bare = new BareModel(image, scale);
         BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
         Writer in = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
      awaitLine(out, READY);
      List<Double> ratios = new ArrayList<>();
      long bareImages = 0;
      double bareTime = 0;
      long peerDone = 0;
      double peerTime = 0;
      for (int s = 0; s < slices; s++) {
        boolean peerFirst = s % 2 == 1; // ABBA order, as in UpscaleCompare
        BareModel.Rate b = peerFirst ? null : bare.run(1, bareSeconds);
        in.write(peerImages + "\n");
        in.flush();
        String[] run = awaitLine(out, RUN).split(" ");
        if (peerFirst) {
          b = bare.run(1, bareSeconds);
        }
        long n = Long.parseLong(run[1]);
        double seconds = Double.parseDouble(run[2]);
        bareImages += b.images();
        bareTime += b.seconds();
        peerDone += n;
        peerTime += seconds;
        ratios.add(b.perSecond() / (n / seconds));
        System.out.printf("x%d slice %d: bare %.2f img/s, peer %.3f img/s%n", scale, s + 1, b.perSecond(), n / seconds);
      }
      String k = "peer.x" + scale;
      results.put(k + ".images", peerDone);
      results.put(k + ".images_per_s", peerDone / peerTime);
      results.put(k + ".bare_images_per_s", bareImages / bareTime);
      Collections.sort(ratios);
      results.put(k + ".ratio_median", UpscaleCompare.median(ratios));
      results.put(k + ".ratio_min", ratios.get(0));
      results.put(k + ".ratio_max", ratios.get(ratios.size() - 1));
    } finally {
      node.getOutputStream().close(); // end of input: the peer exits
      node.waitFor();
    }
  }

  /** Reads the peer's stdout up to the first line starting with {@code prefix} (its results echo comes first). */
  private static String awaitLine(BufferedReader out, String prefix) throws Exception {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IllegalStateException("the peer ended before printing " + prefix.trim());
  }
}
