import io.zeroprint.ZeroprintServer;
import io.zeroprint.config.ConfigLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real zeroprint (models loaded and warm, HTTP on a random loopback port) inside the
 * driver's JVM, so the driver can read the server's own heap, thread allocation counters, direct
 * memory and pool accounting directly — things an external process only shows coarsely. It reads
 * the same environment as the jar, so run.sh's abuse-limit overrides apply to it too.
 */
final class InProcessServer {
  private static final long START_TIMEOUT_SECONDS = 120;

  private InProcessServer() {}

  /** @param settings environment-style overrides, e.g. {@code ZEROPRINT_HTTP_PORT=0} */
  static ZeroprintServer start(Map<String, String> settings) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ZEROPRINT_HTTP_PORT", "0");
    env.put("ZEROPRINT_MANAGEMENT_PORT", "-1"); // several servers per run: no fixed management port
    env.putAll(settings);
    return ZeroprintServer.start(ConfigLoader.load(env)).toCompletionStage().toCompletableFuture()
        .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * The bearer token for this server: run.sh starts every server in development mode (no JWKS,
   * loopback), where the server signs a token with every scope for its own run.
   */
  static String token(ZeroprintServer server) {
    return server.developmentToken()
        .orElseThrow(() -> new IllegalStateException("not in development mode: unset ZEROPRINT_AUTH_JWKS"));
  }

  static void stop(ZeroprintServer server) throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
