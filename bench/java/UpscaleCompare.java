import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmarks 3 and 5: end-to-end {@code /v1/enhance} throughput and latency against the bare model,
 * at each concurrency, in alternating slices: {@code hey} sends a fixed number of requests to the
 * running server (a fixed count, not a duration, so no request is cut off and no work is wasted at a
 * slice's end), then the bare model runs in this JVM for a few seconds on the same threads the
 * server's model runs on — {@code worker.poolSize} callers (1 by default, whatever the client
 * concurrency: more clients only queue) over the same TensorFlow intra/inter-op threads; repeat,
 * swapping which goes first every other pair.
 * Before that, the model alone and the server's tiler path are alternated image by image for a few
 * seconds, which measures the tiler's own cost. The ratio is taken per slice pair and its median reported, so a change in
 * the machine's load (it is shared) hits both sides of each pair alike. Latency percentiles come
 * from every request of every slice (hey's CSV). Stage times come from the server's
 * {@code zeroprint_stage_seconds} metrics, as deltas around each slice.
 *
 * <p>Every request carries the server's bearer token ({@code ZEROPRINT_TOKEN} in the environment;
 * {@code /metrics} needs the admin scope, which the development token has). With 1 job running and
 * {@code worker.queueSize} waiting, at most 4 clients are never refused: any answer but 200 stops
 * the run with the status codes seen, rather than leaving it out of the rates.
 *
 * <p>Args: {@code RESULTS_FILE IMAGE SERVER_URL SCALE SLICES BARE_SECONDS CONCURRENCY...}
 */
public final class UpscaleCompare {
  private static final String[] STAGES = {"guard", "decode", "upscale", "encode"};
  private static final Pattern METRIC = Pattern.compile(
      "^zeroprint_(stage_seconds_sum|stage_seconds_count)\\{stage=\"(\\w+)\"} (\\S+)$|^zeroprint_jobs_admitted (\\S+)$");
  private static final int REQUEST_TIMEOUT_SECONDS = 120;
  private static final int WARM_UP_REQUESTS = 12;
  private static final long IDLE_TIMEOUT_MS = 60_000;
  private static final long POLL_MS = 100;
  private static final double[] PERCENTILES = {50, 95, 99};
  /** Requests per slice: at least this many, and at least {@link #REQUESTS_PER_WORKER} per client. */
  private static final int MIN_REQUESTS_PER_SLICE = 6;
  /** Enough per client that a slice is mostly steady state, not the ramp-up of the first requests. */
  private static final int REQUESTS_PER_WORKER = 3;
  private static final double TILER_SECONDS = 6;
  private static final int HTTP_OK = 200;
  /** Index of the first CONCURRENCY argument; every argument from there on is one. */
  private static final int FIRST_CONCURRENCY_ARG = 6;
  /** hey's CSV: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset. */
  private static final int CSV_SECONDS = 0;
  private static final int CSV_STATUS = 6;
  private static final int CSV_OFFSET = 7;
  private static final int CSV_COLUMNS = 8;
  private static final double MS_PER_S = 1000;
  static final String TOKEN_ENV = "ZEROPRINT_TOKEN";

  private final Results results;
  private final Path image;
  private final String url;
  private final String authorization;
  private final HttpClient http = HttpClient.newHttpClient();

  private UpscaleCompare(Results results, Path image, String url, String token) {
    this.results = results;
    this.image = image;
    this.url = url;
    this.authorization = "Bearer " + token;
  }

  public static void main(String[] args) throws Exception {
    Results results = Results.fromArg(args[0]);
    Path image = Path.of(args[1]);
    String server = args[2];
    int scale = Integer.parseInt(args[3]);
    int slices = Integer.parseInt(args[4]);
    double bareSeconds = Double.parseDouble(args[5]);
    String token = System.getenv(TOKEN_ENV);
    if (token == null || token.isBlank()) {
      throw new IllegalStateException(TOKEN_ENV + " is not set: run.sh exports the server's development token");
    }
    UpscaleCompare bench = new UpscaleCompare(results, image, server + "/v1/enhance?scale=" + scale, token);
    try (BareModel bare = new BareModel(image, scale)) {
      bench.hey(1, WARM_UP_REQUESTS); // JIT and first-request costs on the server side
      bench.awaitIdle(server);
      BareModel.Rate[] tiler = bare.runWithTiler(TILER_SECONDS);
      results.put("bare.x" + scale + ".model_vs_tiler.model_images_per_s", tiler[0].perSecond());
      results.put("bare.x" + scale + ".model_vs_tiler.tiler_images_per_s", tiler[1].perSecond());
      for (int i = FIRST_CONCURRENCY_ARG; i < args.length; i++) {
        bench.compare(server, bare, scale, Integer.parseInt(args[i]), slices, bareSeconds);
      }
      results.put("bare.intra_op_threads", bare.config.worker().intraOpThreads());
      results.put("bare.inter_op_threads", bare.config.worker().interOpThreads());
    }
  }

  private void compare(String server, BareModel bare, int scale, int c, int slices, double bareSeconds)
      throws Exception {
    int requests = Math.max(MIN_REQUESTS_PER_SLICE, REQUESTS_PER_WORKER * c); // hey: n / c per worker
    int callers = bare.config.worker().poolSize();
    List<Double> latenciesMs = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    Map<String, Double> stages = new HashMap<>();
    double serverSeconds = 0;
    long served = 0;
    double bareSecondsTotal = 0;
    long bareImages = 0;
    for (int s = 0; s < slices; s++) {
      // Server first in even pairs, bare model first in odd ones (ABBA): a load drift within a pair
      // then tilts consecutive pairs in opposite directions and the median is not pulled one way.
      boolean bareFirst = s % 2 == 1;
      BareModel.Rate rate = bareFirst ? bare.run(callers, bareSeconds) : null;
      Map<String, Double> before = scrape(server);
      HeyRun run = hey(c, requests);
      awaitIdle(server);
      Map<String, Double> after = scrape(server);
      after.forEach((k, v) -> stages.merge(k, v - before.getOrDefault(k, 0.0), Double::sum));
      latenciesMs.addAll(run.latenciesMs);
      serverSeconds += run.seconds;
      served += run.ok;
      if (!bareFirst) {
        rate = bare.run(callers, bareSeconds);
      }
      bareImages += rate.images();
      bareSecondsTotal += rate.seconds();
      ratios.add((run.ok / run.seconds) / rate.perSecond());
      System.out.printf("c%d slice %d: server %.2f img/s, bare %.2f img/s%n", c, s + 1, run.ok / run.seconds,
          rate.perSecond());
    }
    String k = "upscale.c" + c;
    results.put(k + ".slices", slices);
    results.put(k + ".requests", served);
    results.put(k + ".seconds", serverSeconds);
    results.put(k + ".images_per_s", served / serverSeconds);
    Collections.sort(ratios);
    results.put(k + ".ratio_median", median(ratios));
    results.put(k + ".ratio_min", ratios.get(0));
    results.put(k + ".ratio_max", ratios.get(ratios.size() - 1));
    Collections.sort(latenciesMs);
    for (double p : PERCENTILES) {
      results.put(k + ".p" + (int) p + "_ms", nearestRank(latenciesMs, p));
    }
    results.put(k + ".max_ms", latenciesMs.get(latenciesMs.size() - 1));
    for (String st : STAGES) {
      results.put(k + ".stage." + st + ".seconds", stages.getOrDefault("sum." + st, 0.0));
      results.put(k + ".stage." + st + ".count", stages.getOrDefault("count." + st, 0.0));
    }
    String b = "bare.x" + scale + ".c" + c;
    results.put(b + ".images_per_s", bareImages / bareSecondsTotal);
    results.put("bare.callers", callers);
  }

  /** One hey run: {@code n} POSTs of the image by {@code c} workers; per-request times from its CSV. */
  private HeyRun hey(int c, int n) throws Exception {
    Process p = new ProcessBuilder("hey", "-n", String.valueOf(n), "-c", String.valueOf(c), "-m", "POST",
        "-T", "image/png", "-H", "Authorization: " + authorization, "-D", image.toString(),
        "-t", String.valueOf(REQUEST_TIMEOUT_SECONDS), "-o", "csv", url)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("hey failed: " + out);
    }
    HeyRun run = new HeyRun();
    Map<String, Integer> refused = new java.util.TreeMap<>();
    double end = 0;
    for (String line : out.lines().skip(1).toList()) { // after the CSV header
      String[] f = line.split(",");
      if (f.length < CSV_COLUMNS) {
        continue;
      }
      double seconds = Double.parseDouble(f[CSV_SECONDS]);
      end = Math.max(end, Double.parseDouble(f[CSV_OFFSET]) + seconds);
      if (f[CSV_STATUS].equals(String.valueOf(HTTP_OK))) {
        run.ok++;
        run.latenciesMs.add(seconds * MS_PER_S);
      } else {
        refused.merge(f[CSV_STATUS], 1, Integer::sum);
      }
    }
    long lost = n - run.ok - refused.values().stream().mapToLong(Integer::longValue).sum(); // no CSV row
    if (!refused.isEmpty() || lost > 0) {
      throw new IllegalStateException("hey c" + c + ": " + run.ok + " of " + n + " answered 200; other statuses "
          + refused + ", transport errors " + lost + "\n" + out);
    }
    run.seconds = end;
    return run;
  }

  private static final class HeyRun {
    final List<Double> latenciesMs = new ArrayList<>();
    long ok;
    double seconds;
  }

  /** Stage sums and counts ("sum.decode", "count.decode", …) and the admitted-jobs gauge ("admitted"). */
  private Map<String, Double> scrape(String server) throws Exception {
    HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(server + "/metrics"))
        .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != HTTP_OK) {
      throw new IllegalStateException("/metrics answered " + resp.statusCode() + ": " + resp.body());
    }
    String text = resp.body();
    Map<String, Double> m = new HashMap<>();
    for (String line : text.lines().toList()) {
      Matcher x = METRIC.matcher(line);
      if (!x.matches()) {
        continue;
      }
      if (x.group(4) != null) {
        m.put("admitted", Double.parseDouble(x.group(4)));
      } else {
        m.put((x.group(1).endsWith("sum") ? "sum." : "count.") + x.group(2), Double.parseDouble(x.group(3)));
      }
    }
    return m;
  }

  /** Waits (bounded) until the server has no job running or queued. */
  private void awaitIdle(String server) throws Exception {
    long deadline = System.currentTimeMillis() + IDLE_TIMEOUT_MS;
    while (scrape(server).getOrDefault("admitted", 0.0) > 0) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("server still busy after " + IDLE_TIMEOUT_MS + " ms");
      }
      Thread.sleep(POLL_MS);
    }
  }

  static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double nearestRank(List<Double> sorted, double percentile) {
    int rank = (int) Math.ceil(percentile / 100 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
