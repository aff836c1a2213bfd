package io.zeroprint;

import io.zeroprint.config.ConfigException;
import io.zeroprint.config.ConfigLoader;
import io.zeroprint.config.LoggingConfig;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.logging.LogFormat;
import java.util.concurrent.CountDownLatch;

/** Starts the server from {@code conf/zeroprint.json} + environment and stops it on SIGTERM. */
final class ServerLauncher {
  private static final System.Logger LOG = System.getLogger(ServerLauncher.class.getName());
  private static final int EXIT_CONFIG = 2;
  private static final int EXIT_START = 1;

  private ServerLauncher() {}

  static void main(String[] args) throws InterruptedException {
    LogFormat.install(LoggingConfig.DEFAULT_FORMAT); // until the settings say otherwise: a bad one is logged too
    ZeroprintConfig config;
    try {
      config = ConfigLoader.load();
      LogFormat.install(config.logging().format());
    } catch (ConfigException e) {
      LOG.log(System.Logger.Level.ERROR, "bad setting: " + e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    }
    CountDownLatch started = new CountDownLatch(1);
    ZeroprintServer[] running = new ZeroprintServer[1];
    ZeroprintServer.start(config).onComplete(ar -> {
      if (ar.failed()) {
        LOG.log(System.Logger.Level.ERROR, "start-up failed: " + StartupFailure.describe(ar.cause(), config.http()));
        System.exit(EXIT_START);
      }
      running[0] = ar.result();
      // Printed on the console on purpose (never logged): development mode exists so that a
      // fresh checkout can be tried with one command; the token dies with the process.
      ar.result().developmentToken().ifPresent(token -> System.out.println(
          "Development mode (no auth.jwks, loopback only). Token for this run, valid 12 h, scopes enhance admin:\n"
              + "export ZEROPRINT_TOKEN=" + token));
      started.countDown();
    });
    started.await();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running[0].close().toCompletionStage().toCompletableFuture().get();
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "shutdown: " + e.getClass().getSimpleName());
      }
    }, "zeroprint-shutdown"));
  }
}
