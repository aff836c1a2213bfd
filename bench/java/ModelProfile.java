import io.zeroprint.config.ConfigLoader;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.model.ModelManifest;
import io.zeroprint.model.ModelRegistry;
import io.zeroprint.model.Tiler;
import io.zeroprint.model.Upscaler;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * Where the bare ESRGAN model's time goes, on the server's own SavedModels and thread settings:
 * <ul>
 *   <li>{@code ops}: per-op time from TensorFlow's step stats ({@code RunMetadata}, full trace) on
 *       the plain session, with each convolution's FLOPs from its kernel's shape; the process's CPU
 *       use against wall time while the model runs (idle threads show as less than 100%);</li>
 *   <li>{@code kernels}: a few plain runs for {@code ONEDNN_VERBOSE=1} (run.sh captures the output)
 *       and {@code parse-kernels}, which turns that log into counts: ISA, kernel per convolution, reorders;</li>
 *   <li>{@code xla}: the plain session and the XLA-compiled one alternated at the full tile, and
 *       the compiled session at several tile sides (cost per output pixel of a tile's core);</li>
 *   <li>{@code pool}: images/s with {@code callers} threads sharing the session, for run.sh to
 *       compare 1 caller × 2 TensorFlow threads with 2 callers × 1 thread in separate processes.</li>
 * </ul>
 */
final class ModelProfile {
  private static final double NANOS_PER_S = 1e9;
  private static final int TRACE_RUNS = 3;
  private static final int[] XLA_SIDES = {128, 192, 256, 320};

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "ops" -> ops(Results.fromArg(args[1]), ints(args, 2));
      case "kernels" -> kernels(ints(args, 1));
      case "parse-kernels" -> parseKernels(Results.fromArg(args[1]), Path.of(args[2]));
      case "xla" -> xla(Results.fromArg(args[1]), Double.parseDouble(args[2]), ints(args, 3));
      case "pool" -> pool(Results.fromArg(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          Double.parseDouble(args[5]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static int[] ints(String[] args, int from) {
    int[] v = new int[args.length - from];
    for (int i = from; i < args.length; i++) {
      v[i - from] = Integer.parseInt(args[i]);
    }
    return v;
  }

  // ---------------------------------------------------------------------------------------------
  private static void ops(Results results, int[] scales) throws Exception {
    ZeroprintConfig config = ConfigLoader.load();
    for (int s : scales) {
      Path dir = versionDir(config, s);
      int side = fullTile(config, s);
      try (SavedModelBundle b = load(dir, plain(config)); TFloat32 x = input(side, side)) {
        Io io = io(b);
        for (int i = 0; i < 2; i++) {
          b.session().runner().feed(io.in, x).fetch(io.out).run().close();
        }
        Map<String, long[]> perOp = new TreeMap<>(); // name → {micros, thread id}
        long wall = 0;
        for (int k = 0; k < TRACE_RUNS; k++) {
          long t0 = System.nanoTime();
          try (Result r = b.session().runner().feed(io.in, x).fetch(io.out)
              .setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
              .runAndFetchMetadata()) {
            wall += System.nanoTime() - t0;
            RunMetadata md = r.getMetadata().orElseThrow();
            for (DeviceStepStats ds : md.getStepStats().getDevStatsList()) {
              for (NodeExecStats n : ds.getNodeStatsList()) {
                perOp.computeIfAbsent(n.getNodeName(), q -> new long[1])[0] += n.getOpEndRelMicros() - n.getOpStartRelMicros();
              }
            }
          }
        }
        String k = "profile.x" + s;
        results.put(k + ".side", side);
        results.put(k + ".wall_ms", wall / 1e6 / TRACE_RUNS);
        long sum = perOp.values().stream().mapToLong(v -> v[0]).sum();
        results.put(k + ".op_sum_ms", sum / 1e3 / TRACE_RUNS);
        Map<String, Double> flops = convFlops(b.graph(), side);
        for (Map.Entry<String, long[]> e : perOp.entrySet()) {
          double ms = e.getValue()[0] / 1e3 / TRACE_RUNS;
          if (ms >= 0.05) {
            String layer = layerOf(e.getKey());
            results.put(k + ".op." + e.getKey() + ".ms", ms);
            if (flops.containsKey(layer) && (e.getKey().endsWith(".bias_add") || e.getKey().endsWith(".conv"))) {
              results.put(k + ".op." + e.getKey() + ".gflop", flops.get(layer) / 1e9);
            }
          }
        }
        // CPU use while the model runs untraced: (user + system time of the process) ÷ (wall × threads)
        long cpu0 = processCpuTicks();
        long t0 = System.nanoTime();
        int runs = 0;
        do {
          b.session().runner().feed(io.in, x).fetch(io.out).run().close();
          runs++;
        } while (System.nanoTime() - t0 < 3 * NANOS_PER_S);
        double secs = (System.nanoTime() - t0) / NANOS_PER_S;
        results.put(k + ".untraced_ms", secs * 1000 / runs);
        results.put(k + ".cpu_share", (processCpuTicks() - cpu0) / CLOCK_TICKS / secs / config.worker().intraOpThreads());
      }
    }
  }

  /** FLOPs of each Conv2D in the graph at an input of {@code side}² (every convolution runs at the input resolution). */
  private static Map<String, Double> convFlops(Graph g, int side) {
    Map<String, Double> out = new LinkedHashMap<>();
    g.operations().forEachRemaining(op -> {
      if ("Conv2D".equals(op.type())) {
        Shape k = ((GraphOperation) op).input(1).shape();
        out.put(layerOf(op.name()), 2.0 * side * side * k.get(0) * k.get(1) * k.get(2) * k.get(3));
      }
    });
    return out;
  }

  private static String layerOf(String node) {
    int dot = node.indexOf('.');
    return dot < 0 ? node : node.substring(0, dot);
  }

  // ---------------------------------------------------------------------------------------------
  private static void kernels(int[] scales) throws Exception {
    ZeroprintConfig config = ConfigLoader.load();
    for (int s : scales) {
      int side = fullTile(config, s);
      try (SavedModelBundle b = load(versionDir(config, s), plain(config)); TFloat32 x = input(side, side)) {
        Io io = io(b);
        for (int i = 0; i < 3; i++) {
          System.out.println("zeroprint_run,x" + s + "," + i);
          System.out.flush();
          b.session().runner().feed(io.in, x).fetch(io.out).run().close();
        }
      }
    }
  }

  private static final Pattern EXEC = Pattern.compile(
      "onednn_verbose,(?:[0-9.]+,)?primitive,exec,cpu,(\\w+),([^,]+),[^,]*,([^,]*),[^,]*,[^,]*,([^,]*),([0-9.]+)$");

  /** Runs 2 and 3 of each scale are the steady state (run 1 creates and caches the primitives). */
  private static void parseKernels(Results results, Path log) throws Exception {
    String scale = null;
    int run = -1;
    Map<String, Integer> impls = new TreeMap<>();
    Map<String, Integer> reorders = new TreeMap<>();
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("zeroprint_run,")) {
        String[] f = line.split(",");
        scale = f[1];
        run = Integer.parseInt(f[2]);
      } else if (line.contains(",info,cpu,isa:")) {
        results.put("kernels.isa", line.substring(line.indexOf("isa:") + 4));
      } else if (line.contains(",info,oneDNN v")) {
        results.put("kernels.onednn", line.substring(line.indexOf("oneDNN v") + 7).replaceAll(" \\(.*", ""));
      } else if (line.contains(",info,cpu,runtime:")) {
        results.put("kernels.runtime", line.substring(line.indexOf("runtime:") + 8));
      } else if (scale != null && run >= 1) {
        Matcher m = EXEC.matcher(line.trim());
        if (m.find()) {
          String key = scale + "." + m.group(1);
          if ("reorder".equals(m.group(1))) {
            reorders.merge(scale, 1, Integer::sum);
          } else {
            impls.merge(key + " " + m.group(2), 1, Integer::sum);
          }
        }
      }
    }
    List<String> list = new ArrayList<>();
    impls.forEach((k, v) -> list.add(k + " ×" + v));
    results.put("kernels.impls", String.join("; ", list));
    for (String s : List.of("x2", "x4")) {
      results.put("kernels." + s + ".steady_reorders", reorders.getOrDefault(s, 0));
    }
  }

  // ---------------------------------------------------------------------------------------------
  private static void xla(Results results, double seconds, int[] scales) throws Exception {
    ZeroprintConfig config = ConfigLoader.load();
    for (int s : scales) {
      Path dir = versionDir(config, s);
      int side = fullTile(config, s);
      int radius = manifest(dir).receptiveRadius();
      try (SavedModelBundle p = load(dir, plain(config)); SavedModelBundle c = load(dir, compiled(config))) {
        Io io = io(p);
        String k = "xla.x" + s;
        try (TFloat32 x = input(side, side)) {
          long t0 = System.nanoTime();
          c.session().runner().feed(io.in, x).fetch(io.out).run().close();
          results.put(k + ".compile_ms", (System.nanoTime() - t0) / 1e6);
          p.session().runner().feed(io.in, x).fetch(io.out).run().close();
          double tp = 0;
          double tc = 0;
          List<Double> ratios = new ArrayList<>();
          long end = System.nanoTime() + (long) (seconds * NANOS_PER_S);
          while (System.nanoTime() < end || ratios.size() < 3) {
            long a = System.nanoTime();
            p.session().runner().feed(io.in, x).fetch(io.out).run().close();
            long b = System.nanoTime();
            c.session().runner().feed(io.in, x).fetch(io.out).run().close();
            long e = System.nanoTime();
            tp += b - a;
            tc += e - b;
            ratios.add((double) (b - a) / (e - b));
          }
          results.put(k + ".side", side);
          results.put(k + ".plain_ms", tp / ratios.size() / 1e6);
          results.put(k + ".compiled_ms", tc / ratios.size() / 1e6);
          results.put(k + ".ratio_median", median(ratios));
          results.put(k + ".pairs", ratios.size());
        }
        for (int t : XLA_SIDES) {
          if (t * s > 4 * 1024 || t <= 2 * radius) {
            continue;
          }
          try (TFloat32 x = input(t, t)) {
            c.session().runner().feed(io.in, x).fetch(io.out).run().close();
            double best = Double.MAX_VALUE;
            for (int slice = 0; slice < 3; slice++) {
              long t0 = System.nanoTime();
              int n = 0;
              do {
                c.session().runner().feed(io.in, x).fetch(io.out).run().close();
                n++;
              } while (System.nanoTime() - t0 < seconds / 4 * NANOS_PER_S);
              best = Math.min(best, (System.nanoTime() - t0) / 1e6 / n);
            }
            double core = (double) (t - 2 * radius) * (t - 2 * radius);
            results.put(k + ".tile" + t + ".ms", best);
            results.put(k + ".tile" + t + ".ms_per_core_mpx", best / core * 1e6);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  private static void pool(Results results, String key, int scale, int callers, double seconds) throws Exception {
    ZeroprintConfig config = ConfigLoader.load();
    try (ModelRegistry registry = ModelRegistry.load(config.models(), config.worker())) {
      Upscaler up = registry.upscaler("esrgan-slim-x" + scale).orElseThrow();
      int side = up.tileSide();
      float[] in = pixels(side, side);
      float[] warm = new float[in.length * scale * scale];
      up.run(in, side, side, warm);
      AtomicLong done = new AtomicLong();
      long stopAt = System.nanoTime() + (long) (seconds * NANOS_PER_S);
      long t0 = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        threads.add(new Thread(() -> {
          float[] out = new float[in.length * scale * scale];
          do {
            up.run(in, side, side, out);
            done.incrementAndGet();
          } while (System.nanoTime() < stopAt);
        }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      results.put(key + ".images_per_s", done.get() / ((System.nanoTime() - t0) / NANOS_PER_S));
      results.put(key + ".side", side);
    }
  }

  // ---------------------------------------------------------------------------------------------
  private record Io(String in, String out) {}

  private static Io io(SavedModelBundle b) {
    Signature sig = b.function(Signature.DEFAULT_KEY).signature();
    return new Io(sig.getInputs().values().iterator().next().name, sig.getOutputs().values().iterator().next().name);
  }

  private static Path versionDir(ZeroprintConfig config, int scale) throws Exception {
    try (var names = Files.list(Path.of(config.models().dir()).resolve("esrgan-slim-x" + scale))) {
      return names.filter(Files::isDirectory).sorted().reduce((a, b) -> b).orElseThrow();
    }
  }

  private static ModelManifest manifest(Path dir) throws Exception {
    return ModelManifest.fromJson(new JsonObject(Files.readString(dir.resolve(ModelManifest.FILE_NAME))));
  }

  private static int fullTile(ZeroprintConfig config, int scale) {
    return Tiler.windowSide(config.models().upscaleTileSide(), config.worker().tileOutputSide(), scale);
  }

  /** The server's own session settings. */
  private static ConfigProto plain(ZeroprintConfig config) {
    return ModelRegistry.sessionConfig(config.worker(), true);
  }

  private static ConfigProto compiled(ZeroprintConfig config) {
    return ModelRegistry.compiledSessionConfig(config.worker());
  }

  private static SavedModelBundle load(Path dir, ConfigProto config) {
    return SavedModelBundle.loader(dir.toString()).withTags("serve").withConfigProto(config).load();
  }

  private static TFloat32 input(int h, int w) {
    TFloat32 x = TFloat32.tensorOf(Shape.of(1, h, w, 3));
    float[] px = pixels(h, w);
    x.asRawTensor().data().asFloats().write(px);
    return x;
  }

  /** Fixed pseudo-random pixel values in 0..255 (speed does not depend on content). */
  private static float[] pixels(int h, int w) {
    Random r = new Random(1);
    float[] px = new float[h * w * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = r.nextInt(256);
    }
    return px;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  private static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux

  private static long processCpuTicks() throws Exception {
    String[] f = Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
