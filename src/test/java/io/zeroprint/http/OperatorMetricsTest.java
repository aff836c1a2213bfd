package io.zeroprint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.ServerTestBase;
import io.zeroprint.ZeroprintServer;
import io.zeroprint.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** What an operator scrapes from {@code /metrics} about the process, and a start-up without meter warnings. */
class OperatorMetricsTest extends ServerTestBase {

  @Test
  void theMetricsDescribeTheJvmAndTheProcess() {
    String text = new String(get("/metrics").body(), StandardCharsets.UTF_8);
    for (String series : List.of("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total",
        "jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_uptime_seconds", "system_cpu_count",
        "process_cpu_usage")) {
      assertTrue(text.lines().anyMatch(l -> l.startsWith(series)), series + " is exposed");
    }
  }

  @Test
  void theEventBusHandlersAreCountedPerAddress() {
    String text = new String(get("/metrics").body(), StandardCharsets.UTF_8);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("vertx_eventbus_handlers{address=\"zeroprint.inference.enhance\"")),
        "one handlers gauge per address");
  }

  @Test
  void startingAServerRegistersEveryMeterOnce() throws Exception {
    List<String> warnings = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        warnings.add(String.valueOf(r.getMessage()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger micrometer = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");
    Level before = micrometer.getLevel();
    // Micrometer warns once per JVM, then logs the same at debug level: listen to both.
    micrometer.setLevel(Level.ALL);
    micrometer.addHandler(capture);
    try {
      ZeroprintServer other = ZeroprintServer.start(ConfigLoader.fromJson(overrides()))
          .toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      other.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      micrometer.removeHandler(capture);
      micrometer.setLevel(before);
    }
    assertEquals(List.of(), warnings.stream().filter(w -> w.contains("already registered")).toList());
  }
}
