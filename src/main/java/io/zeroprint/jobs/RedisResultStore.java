package io.zeroprint.jobs;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ciphertext in Redis with native expiry, so several nodes share retained results. Keys:
 * {@code zp:r:<id>} the sealed bytes, {@code zp:m:<id>} metadata (owner pseudonym, type, size),
 * {@code zp:o:<owner>} the owner's ids. The heap copies the client makes on the way are zeroed.
 */
final class RedisResultStore implements ResultStore {
  private static final String DATA = "zp:r:";
  private static final String META = "zp:m:";
  private static final String OWNER = "zp:o:";

  private final Vertx vertx;
  private final Redis redis;
  private final BufferStore store;

  RedisResultStore(Vertx vertx, BufferStore store, String url) {
    this.vertx = vertx;
    this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    this.store = store;
  }

  @Override
  public Future<Void> put(String id, String owner, SegmentBuffer sealed, Instant expires, JsonObject meta) {
    long ttl = Math.max(1, Duration.between(Instant.now(), expires).toMillis());
    JsonObject m = meta.copy().put("id", id).put("owner", owner).put("expires_at", expires.toString());
    // The client sends a heap buffer; copying the whole ciphertext into it runs off the event loop.
    return vertx.executeBlocking(() -> {
      Buffer bytes = Buffer.buffer((int) sealed.length());
      try {
        for (Buffer view : sealed.views()) {
          bytes.appendBuffer(view);
        }
        return bytes;
      } finally {
        sealed.release();
      }
    }, false).compose(bytes -> redis.batch(List.of(
            Request.cmd(Command.SET).arg(DATA + id).arg(bytes).arg("PX").arg(ttl),
            Request.cmd(Command.SET).arg(META + id).arg(m.encode()).arg("PX").arg(ttl),
            Request.cmd(Command.SADD).arg(OWNER + owner).arg(id),
            Request.cmd(Command.PEXPIRE).arg(OWNER + owner).arg(ttl).arg("GT"),
            Request.cmd(Command.PEXPIRE).arg(OWNER + owner).arg(ttl).arg("NX")))
        .<Void>mapEmpty()
        .andThen(ar -> zero(bytes)));
  }

  @Override
  public Future<Optional<SegmentBuffer>> get(String id, String owner) {
    return ownerOf(id).compose(o -> {
      if (!owner.equals(o)) {
        return Future.succeededFuture(Optional.empty());
      }
      return redis.send(Request.cmd(Command.GET).arg(DATA + id)).compose(r -> {
        if (r == null) {
          return Future.succeededFuture(Optional.<SegmentBuffer>empty());
        }
        Buffer b = r.toBuffer();
        return vertx.executeBlocking(() -> Optional.of(copy(b)), false).andThen(ar -> zero(b));
      });
    });
  }

  @Override
  public Future<Boolean> delete(String id, String owner) {
    return ownerOf(id).compose(o -> !owner.equals(o) ? Future.succeededFuture(false)
        : redis.batch(List.of(Request.cmd(Command.DEL).arg(DATA + id).arg(META + id),
            Request.cmd(Command.SREM).arg(OWNER + owner).arg(id))).map(rs -> rs.get(0).toInteger() > 0));
  }

  @Override
  public Future<List<JsonObject>> list(String owner) {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(OWNER + owner)).compose(ids -> {
      if (ids == null || ids.size() == 0) {
        return Future.succeededFuture(List.<JsonObject>of());
      }
      Request mget = Request.cmd(Command.MGET);
      ids.forEach(i -> mget.arg(META + i.toString()));
      return redis.send(mget).map(metas -> {
        List<JsonObject> out = new ArrayList<>();
        metas.forEach(m -> {
          if (m != null) {
            JsonObject j = new JsonObject(m.toString());
            j.remove("owner");
            out.add(j);
          }
        });
        return out;
      });
    });
  }

  @Override
  public Future<Integer> deleteAll(String owner) {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(OWNER + owner)).compose(ids -> {
      if (ids == null || ids.size() == 0) {
        return Future.succeededFuture(0);
      }
      Request del = Request.cmd(Command.DEL).arg(OWNER + owner);
      ids.forEach(i -> del.arg(DATA + i.toString()).arg(META + i.toString()));
      return redis.send(del).map(r -> ids.size());
    });
  }

  @Override
  public Future<Void> ping() {
    return redis.send(Request.cmd(Command.PING)).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    redis.close();
    return Future.succeededFuture();
  }

  private Future<String> ownerOf(String id) {
    return redis.send(Request.cmd(Command.GET).arg(META + id))
        .map(r -> r == null ? null : new JsonObject(r.toString()).getString("owner"));
  }

  private SegmentBuffer copy(Buffer b) {
    SegmentBuffer out = store.open(b.length());
    out.append(((BufferInternal) b).getByteBuf());
    return out;
  }

  private static void zero(Buffer b) {
    ByteBuf bb = ((BufferInternal) b).getByteBuf();
    bb.setZero(0, bb.capacity());
  }
}
