package io.zeroprint.residue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * zeroprint as a process of its own (the test JVM's memory is not the server's), in development
 * mode on loopback: its port and token are read from what it prints.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("zeroprint listening on (https?)://[^:]+:(\\d+)");
  private static final String TOKEN_LINE = "export ZEROPRINT_TOKEN=";

  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final CompletableFuture<String> token = new CompletableFuture<>();
  private final CompletableFuture<Void> outputEnded = new CompletableFuture<>();
  private final List<String> output = new ArrayList<>();

  private ServerProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "server-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the server with the given settings (as {@code ZEROPRINT_*} environment variables). */
  static ServerProcess start(Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        "io.zeroprint.Main").redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("ZEROPRINT_"));
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "1");
    pb.environment().put("ZEROPRINT_MANAGEMENT_PORT", "-1");
    // XLA compiles an upscaler's full tile when first used, not four of them before the server is ready
    // (seconds each on a loaded machine); QuietStartupTest keeps the production default.
    pb.environment().put("ZEROPRINT_MODELS_UPSCALE_COMPILE", "lazy");
    pb.environment().putAll(env);
    return new ServerProcess(pb.start());
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (output) {
          output.add(line);
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          port.complete(Integer.parseInt(m.group(2)));
        }
        if (line.startsWith(TOKEN_LINE)) {
          token.complete(line.substring(TOKEN_LINE.length()).trim());
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    outputEnded.complete(null);
    port.completeExceptionally(new IllegalStateException("the server ended: " + log()));
    token.completeExceptionally(new IllegalStateException("the server ended: " + log()));
  }

  /** Waits until the server listens and has printed its token. */
  ServerProcess awaitReady(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
    port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    token.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  long pid() {
    return process.pid();
  }

  /** Waits for the process to end on its own; its exit status, or null if it still runs after {@code timeout}. */
  Integer awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  int port() {
    return port.join();
  }

  String token() {
    return token.join();
  }

  /** Everything it printed, once the process has ended and its output has been read to the end. */
  String logToTheEnd(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
    outputEnded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return log();
  }

  String log() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
