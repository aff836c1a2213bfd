package io.zeroprint.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.bus.EnhanceJob;
import io.zeroprint.bus.EnhanceResult;
import io.zeroprint.config.JobsConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.JobState;
import io.zeroprint.jobs.ResultCipher;
import io.zeroprint.jobs.ResultStore;
import io.zeroprint.privacy.Pseudonyms;
import java.time.Duration;
import java.time.Instant;
import io.zeroprint.pipeline.EnhanceOptions;
import java.util.Map;
import java.util.Optional;

/**
 * What happens to an asynchronous job once its upload is complete, however it was submitted (HTTP or
 * WebSocket): admit → dispatch → hold the one-time result, or seal it (AES-GCM, a fresh key that is
 * handed out once) into the result store when retention was asked for.
 */
final class JobFlow {
  private final Vertx vertx;
  private final JobsConfig config;
  private final Dispatcher dispatcher;
  private final JobRegistry registry;
  private final ResultStore results;
  private final ResultCipher cipher;
  private final Pseudonyms pseudonyms;

  JobFlow(Vertx vertx, JobsConfig config, Dispatcher dispatcher, JobRegistry registry, ResultStore results,
      BufferStore store, Pseudonyms pseudonyms) {
    this.vertx = vertx;
    this.config = config;
    this.dispatcher = dispatcher;
    this.registry = registry;
    this.results = results;
    this.cipher = new ResultCipher(store);
    this.pseudonyms = pseudonyms;
  }

  /**
   * Admits and dispatches the job (the image is the worker's from then on). Returns the result key
   * when the job asked for retention: the only time the server ever says it.
   */
  Optional<String> start(Job job, SegmentBuffer image, Map<String, String> rawOptions, String optionsJson) {
    EnhanceJob admitted = dispatcher.admit(job.id(), image, rawOptions, optionsJson);
    Duration retain = admitted.options().retain();
    if (retain != null && retain.getSeconds() > config.maxRetentionSeconds()) {
      image.release();
      throw new ProblemException(ErrorCode.INVALID_OPTION, "retain is at most " + config.maxRetentionSeconds() + " s.");
    }
    byte[] key = retain == null ? null : ResultCipher.newKey();
    String keyText = key == null ? null : ResultCipher.encodeKey(key);
    job.canceller(() -> dispatcher.cancel(job.id()));
    job.queued(0);
    dispatcher.dispatch(admitted)
        .onSuccess(result -> completed(job, result, key, retain))
        .onFailure(err -> {
          if (key != null) {
            java.util.Arrays.fill(key, (byte) 0);
          }
          ProblemException p = ProblemException.of(err);
          registry.end(job, p.code() == ErrorCode.CANCELLED ? JobState.CANCELLED : JobState.FAILED, p.code());
        });
    return Optional.ofNullable(keyText);
  }

  /** Parses options and checks the effect can run here, before anything is read. */
  EnhanceOptions options(Map<String, String> raw) {
    return dispatcher.options(raw);
  }

  private void completed(Job job, EnhanceResult r, byte[] key, Duration retain) {
    Instant expires = Instant.now().plusSeconds(config.resultTtlSeconds());
    long bytes = r.image().length();
    if (key == null) {
      job.done(r.image(), bytes, r.mediaType(), r.width(), r.height(), expires, null);
      return;
    }
    Instant until = Instant.now().plus(retain);
    JsonObject meta = new JsonObject().put("contentType", r.mediaType()).put("bytes", bytes)
        .put("width", r.width()).put("height", r.height());
    vertx.executeBlocking(() -> cipher.encrypt(r.image(), key, job.id()))
        .andThen(ar -> r.image().release())
        .compose(sealed -> results.put(job.id(), pseudonyms.of(job.subject()), sealed, until, meta))
        .onSuccess(v -> job.done(null, bytes, r.mediaType(), r.width(), r.height(), expires, until))
        .onFailure(e -> registry.end(job, JobState.FAILED, ErrorCode.INTERNAL));
  }
}
