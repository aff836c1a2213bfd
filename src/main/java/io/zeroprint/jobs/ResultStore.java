package io.zeroprint.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.zeroprint.buffer.SegmentBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where retained results live — only ever as ciphertext ({@link ResultCipher}). In memory (off-heap,
 * budgeted) by default; Redis when configured, so several nodes share it. Entries expire by
 * themselves; deleting one destroys it.
 */
public interface ResultStore {

  /**
   * Stores {@code sealed} (ownership passes to the store) for {@code id} until {@code expires}.
   *
   * @param owner keyed pseudonym of the subject, so erasure and listing work without the raw subject
   * @param meta  what the owner's data listing shows: content type, size, dimensions; nothing else
   */
  Future<Void> put(String id, String owner, SegmentBuffer sealed, Instant expires, JsonObject meta);

  /** A copy of the ciphertext (the caller releases it) if {@code id} exists and belongs to {@code owner}. */
  Future<Optional<SegmentBuffer>> get(String id, String owner);

  /** A round trip to where results live, for the health procedure; in memory always answers. */
  default Future<Void> ping() {
    return Future.succeededFuture();
  }

  /** Destroys the entry; true if there was one of {@code owner}'s. */
  Future<Boolean> delete(String id, String owner);

  /** Metadata of every live entry of {@code owner} (with {@code id} and {@code expires_at}). */
  Future<List<JsonObject>> list(String owner);

  /** Destroys every entry of {@code owner}; returns how many. */
  Future<Integer> deleteAll(String owner);

  Future<Void> close();
}
