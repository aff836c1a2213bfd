import io.vertx.core.Vertx;
import io.zeroprint.config.ConfigLoader;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.security.Authenticator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What verifying the bearer token costs per request — the check every {@code /v1} request pays
 * before its body is read, and the discard server does not. Uses zeroprint's own
 * {@link Authenticator} in development mode (the ES256 key and vertx-auth-jwt the benchmark servers
 * use), on one thread, timing each verification after a JIT warm-up. Benchmark 1's report sets
 * this against the per-request gap between zeroprint's ingest route and the discard server.
 *
 * <p>Args: {@code RESULTS_FILE}.
 */
public final class AuthCost {
  private static final double WARM_UP_SECONDS = 6;
  private static final double MEASURE_SECONDS = 3;
  private static final long START_TIMEOUT_SECONDS = 30;
  private static final double NANOS_PER_MS = 1e6;
  private static final double NANOS_PER_S = 1e9;
  private static final double[] PERCENTILES = {50, 90};

  public static void main(String[] args) throws Exception {
    Results results = Results.fromArg(args[0]);
    ZeroprintConfig config = ConfigLoader.load();
    Vertx vertx = Vertx.vertx();
    try {
      Authenticator auth = new Authenticator(vertx, config.auth(), config.abuse().quotaClaim());
      auth.start().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      String token = auth.developmentToken()
          .orElseThrow(() -> new IllegalStateException("not in development mode: unset ZEROPRINT_AUTH_JWKS"));
      verify(auth, token, WARM_UP_SECONDS);
      List<Double> ms = verify(auth, token, MEASURE_SECONDS);
      Collections.sort(ms);
      results.put("auth.verifications", ms.size());
      for (double p : PERCENTILES) {
        results.put("auth.verify_p" + (int) p + "_ms", ms.get(Math.max(0, (int) Math.ceil(p / 100 * ms.size()) - 1)));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Verifies the token back to back for {@code seconds}; the time of each verification in ms. */
  private static List<Double> verify(Authenticator auth, String token, double seconds) throws Exception {
    List<Double> ms = new ArrayList<>();
    long stopAt = System.nanoTime() + (long) (seconds * NANOS_PER_S);
    do {
      long t0 = System.nanoTime();
      auth.authenticate(token).toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      ms.add((System.nanoTime() - t0) / NANOS_PER_MS);
    } while (System.nanoTime() < stopAt);
    return ms;
  }
}
