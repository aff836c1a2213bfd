package io.zeroprint.intake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zeroprint.bus.EnhanceResult;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.ResultCipher;
import io.zeroprint.jobs.ResultStore;
import io.zeroprint.privacy.Pseudonyms;
import java.time.Instant;

/**
 * Opt-in retention: a result is sealed (AES-GCM under a fresh key that only the client gets) into the
 * result store, and the plaintext is zeroed. Encryption scans every byte, so it runs off the event loop.
 */
final class Retention {
  private final Vertx vertx;
  private final ResultCipher cipher;
  private final ResultStore results;
  private final Pseudonyms pseudonyms;

  Retention(Vertx vertx, ResultCipher cipher, ResultStore results, Pseudonyms pseudonyms) {
    this.vertx = vertx;
    this.cipher = cipher;
    this.results = results;
    this.pseudonyms = pseudonyms;
  }

  /** Seals and stores {@code r} until {@code until}; the plaintext is released whatever happens. */
  Future<Void> seal(Job job, EnhanceResult r, byte[] key, Instant until) {
    JsonObject meta = new JsonObject().put("contentType", r.mediaType()).put("bytes", r.image().length())
        .put("width", r.width()).put("height", r.height());
    return vertx.executeBlocking(() -> cipher.encrypt(r.image(), key, job.id()), false)
        .andThen(ar -> r.image().release())
        .compose(sealed -> results.put(job.id(), pseudonyms.of(job.subject()), sealed, until, meta));
  }
}
