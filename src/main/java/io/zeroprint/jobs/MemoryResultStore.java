package io.zeroprint.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Ciphertext in off-heap segments of the pool (counted in the budget), swept when it expires. */
final class MemoryResultStore implements ResultStore {
  private static final long SWEEP_MILLIS = 1_000;
  private static final int COPY_CHUNK = 64 * 1024;

  private record Entry(String owner, SegmentBuffer sealed, Instant expires, JsonObject meta) {}

  private final Vertx vertx;
  private final BufferStore store;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final long timer;

  MemoryResultStore(Vertx vertx, BufferStore store) {
    this.vertx = vertx;
    this.store = store;
    this.timer = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
  }

  @Override
  public Future<Void> put(String id, String owner, SegmentBuffer sealed, Instant expires, JsonObject meta) {
    Entry old = entries.put(id, new Entry(owner, sealed, expires, meta.copy().put("id", id)
        .put("expires_at", expires.toString())));
    if (old != null) {
      old.sealed().release();
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Optional<SegmentBuffer>> get(String id, String owner) {
    Entry e = live(id, owner);
    if (e == null) {
      return Future.succeededFuture(Optional.empty());
    }
    // The copy scans the whole ciphertext: off the event loop. Deleted meanwhile: gone.
    return vertx.executeBlocking(() -> Optional.of(copy(e.sealed())), false)
        .recover(err -> err instanceof IllegalStateException ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(err));
  }

  @Override
  public Future<Boolean> delete(String id, String owner) {
    Entry e = live(id, owner);
    if (e != null && entries.remove(id, e)) {
      e.sealed().release();
      return Future.succeededFuture(true);
    }
    return Future.succeededFuture(false);
  }

  @Override
  public Future<List<JsonObject>> list(String owner) {
    return Future.succeededFuture(entries.values().stream().filter(e -> e.owner().equals(owner))
        .filter(e -> e.expires().isAfter(Instant.now())).map(e -> e.meta().copy()).toList());
  }

  @Override
  public Future<Integer> deleteAll(String owner) {
    int n = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (e.getValue().owner().equals(owner) && entries.remove(e.getKey(), e.getValue())) {
        e.getValue().sealed().release();
        n++;
      }
    }
    return Future.succeededFuture(n);
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    entries.values().forEach(e -> e.sealed().release());
    entries.clear();
    return Future.succeededFuture();
  }

  private Entry live(String id, String owner) {
    Entry e = entries.get(id);
    return e != null && e.owner().equals(owner) && e.expires().isAfter(Instant.now()) ? e : null;
  }

  private void sweep() {
    Instant now = Instant.now();
    entries.forEach((id, e) -> {
      if (!e.expires().isAfter(now) && entries.remove(id, e)) {
        e.sealed().release();
      }
    });
  }

  private SegmentBuffer copy(SegmentBuffer src) {
    SegmentBuffer out = store.open(src.length());
    byte[] chunk = new byte[COPY_CHUNK];
    try {
      long pos = 0;
      int n;
      while ((n = src.read(pos, chunk, 0, COPY_CHUNK)) > 0) {
        out.write(pos, chunk, 0, n);
        pos += n;
      }
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    } finally {
      java.util.Arrays.fill(chunk, (byte) 0);
    }
  }
}
