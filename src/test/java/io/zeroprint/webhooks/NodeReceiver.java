package io.zeroprint.webhooks;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver in Node on 127.0.0.1 ({@code src/test/webhooks/receiver.mjs}) that checks every
 * delivery with the {@code standardwebhooks} library under the given secrets and answers as planned
 * (HTTP statuses, or {@code hang}). Each delivery it saw is one JSON object.
 */
public final class NodeReceiver implements AutoCloseable {
  private static final Path SCRIPT = Path.of("src/test/webhooks/receiver.mjs");

  private final Process process;
  private final BlockingQueue<JsonObject> deliveries = new LinkedBlockingQueue<>();
  private final int port;
  private final List<String> output = new ArrayList<>();

  public NodeReceiver(List<String> secrets, String plan, Duration timeout) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("node", SCRIPT.toString()).redirectErrorStream(true);
    pb.environment().put("SECRETS", String.join(",", secrets));
    pb.environment().put("PLAN", plan);
    process = pb.start();
    BlockingQueue<Integer> ports = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (output) {
            output.add(line);
          }
          if (!line.startsWith("{")) {
            continue;
          }
          JsonObject o = new JsonObject(line);
          if (o.containsKey("port")) {
            ports.add(o.getInteger("port"));
          } else {
            deliveries.add(o);
          }
        }
      } catch (Exception e) {
        // the process ended: whatever was read is in output
      }
    }, "webhook-receiver-output");
    reader.setDaemon(true);
    reader.start();
    Integer p = ports.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (p == null) {
      close();
      throw new AssertionError("the Node receiver did not start: " + output());
    }
    port = p;
  }

  public int port() {
    return port;
  }

  /** The next delivery, failing when none arrives in time. */
  public JsonObject next(Duration timeout) throws InterruptedException {
    JsonObject d = deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (d == null) {
      throw new AssertionError("no webhook delivery within " + timeout + "; receiver output: " + output());
    }
    return d;
  }

  /** Deliveries seen and not yet taken. */
  public int pending() {
    return deliveries.size();
  }

  private String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
