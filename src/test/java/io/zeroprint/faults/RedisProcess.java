package io.zeroprint.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a fixed free loopback port, without persistence, that a test can
 * stop (SIGTERM, waited for) and start again on the same port.
 */
final class RedisProcess implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/redis-server");
  private static final long WAIT_SECONDS = 20;
  private final int port;
  private Process process;

  RedisProcess() {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  int port() {
    return port;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  synchronized boolean running() {
    return process != null && process.isAlive();
  }

  synchronized void start() {
    if (running()) {
      return;
    }
    try {
      process = new ProcessBuilder(List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--daemonize", "no"))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      waitUntilListening();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("redis-server did not start", e);
    }
  }

  /** Stops the server and waits until it has exited and its port refuses connections. */
  synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        throw new IllegalStateException("redis-server did not stop on SIGTERM");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  /** Connect attempts until redis-server accepts: its start has no event to subscribe to. */
  private void waitUntilListening() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue());
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(10);
      }
    }
    throw new IllegalStateException("redis-server not listening on " + port + " within " + WAIT_SECONDS + " s");
  }
}
