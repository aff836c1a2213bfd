package io.zeroprint.hostile;

import io.vertx.core.json.JsonObject;
import io.zeroprint.TestModels;
import io.zeroprint.TestTokens;
import io.zeroprint.ZeroprintServer;
import io.zeroprint.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The long mutation-fuzzer run (bench/fuzz.sh): a fixed number of mutants of the small PNG and JPEG,
 * alternating, against an in-process server on loopback with the test limits. Records the answers by
 * status and code, the slowest mutants, and every finding (a 500, a non-problem error, a hang past
 * the job deadline, image memory left in use), then writes bench/FUZZ.md. Stops by itself.
 *
 * <p>Arguments: iterations (default 20000), output file (default bench/FUZZ.md), seed.
 */
public final class FuzzDriver {
  private static final int JOB_DEADLINE_SECONDS = 20;

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Path out = Path.of(args.length > 1 ? args[1] : "bench/FUZZ.md");
    long seed = args.length > 2 ? Long.parseLong(args[2]) : MutationFuzzTest.SEED + 1;
    JsonObject config = new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1))
        .put("auth", new JsonObject().put("jwks", TestTokens.jwksFile().toString()).put("issuer", TestTokens.ISSUER)
            .put("audience", TestTokens.AUDIENCE))
        .put("abuse", new JsonObject().put("perSubjectPerMinute", 100_000).put("perIpPerMinute", 100_000)
            .put("dailyQuota", 1_000_000).put("maxConcurrentPerSubject", 16))
        .put("buffers", new JsonObject().put("budgetBytes", 256L << 20))
        .put("limits", new JsonObject().put("maxUploadBytes", 4L << 20).put("maxInputPixels", 1_000_000L)
            .put("maxResultPixels", 8_000_000L))
        .put("worker", new JsonObject().put("poolSize", 1).put("queueSize", 1).put("tileOutputSide", 256)
            .put("jobTimeoutSeconds", JOB_DEADLINE_SECONDS))
        .put("models", new JsonObject().put("dir", TestModels.bundledOnly().toString()))
        .put("management", new JsonObject().put("port", -1));
    ZeroprintServer server = ZeroprintServer.start(ConfigLoader.fromJson(config)).toCompletionStage().toCompletableFuture()
        .get(120, TimeUnit.SECONDS);
    String token = TestTokens.token("fuzzer", "enhance admin");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI enhance = URI.create("http://127.0.0.1:" + server.port() + "/v1/enhance");
    Mutator png = new Mutator(ImageCorpus.basePng(), seed);
    Mutator jpeg = new Mutator(ImageCorpus.baseJpeg(), seed);
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> findings = new ArrayList<>();
    List<long[]> slowest = new ArrayList<>(); // [millis, index]
    Instant start = Instant.now();
    try {
      for (int i = 0; i < iterations; i++) {
        boolean isPng = i % 2 == 0;
        Mutator.Mutant m = (isPng ? png : jpeg).mutant(i / 2);
        String name = (isPng ? "PNG" : "JPEG") + " mutant " + (i / 2) + " (" + m.op() + ")";
        long t0 = System.nanoTime();
        String outcome;
        try {
          HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(enhance).timeout(Duration.ofSeconds(2L * JOB_DEADLINE_SECONDS))
              .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
              .POST(HttpRequest.BodyPublishers.ofByteArray(m.bytes())).build(), HttpResponse.BodyHandlers.ofByteArray());
          int s = r.statusCode();
          String type = r.headers().firstValue("content-type").orElse("");
          if (s == 200) {
            outcome = "200 " + type;
          } else {
            String code = type.equals("application/problem+json")
                ? new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getString("code") : "(not a problem: " + type + ")";
            outcome = s + " " + code;
            if (s == 500 || !type.equals("application/problem+json") || s < 400) {
              findings.add(name + ": " + outcome);
            }
          }
        } catch (java.net.http.HttpTimeoutException e) {
          outcome = "hang";
          findings.add(name + ": no answer within " + 2 * JOB_DEADLINE_SECONDS + " s");
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        outcomes.merge(outcome, 1, Integer::sum);
        slowest.add(new long[] {millis, i});
        slowest.sort((a, b) -> Long.compare(b[0], a[0]));
        if (slowest.size() > 5) {
          slowest.remove(5);
        }
        if (server.store().stats().inUseBytes() != 0) {
          try {
            server.store().whenDrained().get(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            findings.add(name + ": image memory still in use: " + server.store().stats());
          }
        }
        if ((i + 1) % 1000 == 0) {
          System.out.println("fuzz: " + (i + 1) + "/" + iterations + " " + outcomes);
        }
      }
    } finally {
      server.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    Duration took = Duration.between(start, Instant.now());
    StringBuilder md = new StringBuilder();
    md.append("# Mutation fuzzer\n\n");
    md.append("`bash bench/fuzz.sh [iterations]` — ").append(iterations).append(" mutants (half of the 32×32 PNG, half of the ")
        .append("32×32 JPEG; bit flips, byte inserts/deletes, chunk/segment duplication, length-field corruption, ")
        .append("truncation; half the PNG mutants with repaired CRCs), seed ").append(seed).append(", sent one at a time to ")
        .append("`POST /v1/enhance` on an in-process server on loopback with the test limits (4 MiB uploads, 1 MP, job ")
        .append("deadline ").append(JOB_DEADLINE_SECONDS).append(" s).\n\n");
    md.append("- Date: ").append(Instant.now()).append("\n- Machine: ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
        .append(", JDK ").append(System.getProperty("java.version")).append("\n- Took: ").append(took.toSeconds())
        .append(" s (").append(String.format("%.1f", iterations / Math.max(1.0, took.toMillis() / 1000.0))).append(" mutants/s)\n\n");
    md.append("## Answers\n\n| answer | mutants |\n| --- | --- |\n");
    outcomes.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n## Findings (500, non-problem errors, hangs, memory left in use)\n\n");
    if (findings.isEmpty()) {
      md.append("None.\n");
    } else {
      findings.stream().limit(200).forEach(f -> md.append("- ").append(f).append('\n'));
    }
    md.append("\n## Slowest mutants\n\n");
    for (long[] s : slowest) {
      md.append("- ").append(s[1] % 2 == 0 ? "PNG" : "JPEG").append(" mutant ").append(s[1] / 2).append(": ").append(s[0])
          .append(" ms\n");
    }
    md.append("\nA mutant is reproduced from its number: `new Mutator(ImageCorpus.basePng() or baseJpeg(), seed).mutant(n)`.\n");
    Files.writeString(out, md.toString());
    System.out.println(md);
    System.exit(findings.isEmpty() ? 0 : 1);
  }

  private FuzzDriver() {}
}
