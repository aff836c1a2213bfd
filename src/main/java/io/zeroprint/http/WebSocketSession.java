package io.zeroprint.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.config.ZeroprintConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.JobState;
import io.zeroprint.security.Caller;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One client's {@code /v1/ws} socket. Text messages are JSON commands ({@code submit},
 * {@code subscribe}, {@code fetch}, {@code cancel}); binary messages carry a submitted image. The
 * server sends job events (the same JSON as SSE) and, for jobs submitted or fetched here, the result
 * as binary messages of at most {@value #CHUNK} bytes between a {@code result} and a
 * {@code result-end} message — never truncated, and paced by the socket's write queue.
 */
final class WebSocketSession {
  static final int CHUNK = 64 * 1024;

  private final ServerWebSocket ws;
  private final Caller caller;
  private final ZeroprintConfig config;
  private final BufferStore store;
  private final JobRegistry registry;
  private final JobFlow flow;
  private final Map<String, Consumer<JsonObject>> subscriptions = new ConcurrentHashMap<>();
  private final Set<String> deliverHere = ConcurrentHashMap.newKeySet();
  private volatile Upload upload;

  /** A submit in progress: the job, its bytes so far, how many are announced, its options. */
  private record Upload(Job job, SegmentBuffer image, long size, Map<String, String> options) {}

  WebSocketSession(ServerWebSocket ws, Caller caller, ZeroprintConfig config, BufferStore store, JobRegistry registry,
      JobFlow flow) {
    this.ws = ws;
    this.caller = caller;
    this.config = config;
    this.store = store;
    this.registry = registry;
    this.flow = flow;
  }

  void start() {
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onBinary);
    ws.closeHandler(v -> onClose());
  }

  private void onText(String text) {
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (DecodeException e) {
      error(null, new ProblemException(ErrorCode.MALFORMED_REQUEST, "Messages are JSON objects."));
      return;
    }
    String jobId = msg.getString("job");
    try {
      switch (msg.getString("type", "")) {
        case "submit" -> submit(msg);
        case "subscribe" -> subscribe(registry.require(jobId, caller.subject()), false);
        case "fetch" -> subscribe(registry.require(jobId, caller.subject()), true);
        case "cancel" -> registry.cancel(registry.require(jobId, caller.subject()));
        default -> throw new ProblemException(ErrorCode.MALFORMED_REQUEST,
            "Message types: submit, subscribe, fetch, cancel.");
      }
    } catch (ProblemException p) {
      error(jobId, p);
    }
  }

  private void submit(JsonObject msg) {
    if (upload != null) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "One submit at a time per socket.");
    }
    long size = msg.getLong("size", -1L);
    if (size <= 0) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "submit needs the image size in bytes.");
    }
    if (size > config.limits().maxUploadBytes()) {
      throw new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "The limit is " + config.limits().maxUploadBytes() + " bytes.");
    }
    Map<String, String> options = new LinkedHashMap<>();
    msg.getJsonObject("options", new JsonObject()).forEach(e -> options.put(e.getKey(), String.valueOf(e.getValue())));
    Job job = registry.create(caller.subject(), msg.getString("idempotencyKey")).getKey();
    Upload u = new Upload(job, store.open(size), size, options);
    upload = u;
    job.canceller(() -> abortUpload(u));
    job.uploaded(0, size);
    deliverHere.add(job.id());
    send(new JsonObject().put("type", "accepted").put("job", job.id()));
    subscribe(job, false);
  }

  private void onBinary(Buffer data) {
    Upload u = upload;
    try {
      if (u == null) {
        throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "Binary data without a submit.");
      }
      if (u.image().length() + data.length() > u.size()) {
        abortUpload(u);
        registry.end(u.job(), JobState.FAILED, ErrorCode.MALFORMED_REQUEST);
        throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "More bytes than the submit announced.");
      }
      u.image().append(((io.vertx.core.internal.buffer.BufferInternal) data).getByteBuf());
      u.job().uploaded(u.image().length(), u.size());
      if (u.image().length() == u.size()) {
        upload = null;
        received(u);
      }
    } catch (ProblemException p) {
      error(u == null ? null : u.job().id(), p);
    } catch (IllegalStateException released) {
      // the job was cancelled (its buffer zeroed) while this message was on its way: drop it
    } finally {
      UploadReceiver.zero(data);
    }
  }

  private void received(Upload u) {
    try {
      flow.start(u.job(), u.image(), u.options(), null).ifPresent(key ->
          send(new JsonObject().put("type", "key").put("job", u.job().id()).put("result_key", key)));
    } catch (ProblemException p) {
      registry.end(u.job(), JobState.FAILED, p.code());
      error(u.job().id(), p);
    }
  }

  private void subscribe(Job job, boolean deliver) {
    if (deliver) {
      deliverHere.add(job.id());
    }
    Consumer<JsonObject> subscriber = event -> {
      send(event);
      if (JobState.DONE.id().equals(event.getString("state")) && deliverHere.remove(job.id())) {
        deliver(job);
      }
    };
    Consumer<JsonObject> previous = subscriptions.put(job.id(), subscriber);
    if (previous != null) {
      job.unsubscribe(previous);
    }
    job.subscribe(subscriber);
  }

  /** Sends the one-time result as binary messages, then forgets the job; a broken socket gives it back. */
  private void deliver(Job job) {
    SegmentBuffer image = job.takeResult();
    if (image == null) {
      return; // retained (fetch it with its key) or already taken
    }
    List<Buffer> chunks = chunks(image);
    send(new JsonObject().put("type", "result").put("job", job.id()).put("contentType", job.mediaType())
        .put("bytes", image.length()).put("chunks", chunks.size()).put("width", job.width()).put("height", job.height()));
    String sha256 = sha256(chunks);
    Promise<Void> written = Promise.promise();
    pump(chunks.iterator(), written);
    written.future()
        .compose(v -> ws.writeTextMessage(new JsonObject().put("type", "result-end").put("job", job.id())
            .put("sha256", sha256).encode()))
        .onSuccess(v -> {
          image.release();
          registry.delivered(job);
        })
        .onFailure(e -> job.restoreResult(image));
  }

  /** Writes while the socket's queue has room, resuming on drain: the client's pace, bounded memory. */
  private void pump(Iterator<Buffer> it, Promise<Void> done) {
    while (it.hasNext()) {
      if (ws.writeQueueFull()) {
        ws.drainHandler(v -> pump(it, done));
        return;
      }
      Future<Void> write = ws.writeBinaryMessage(it.next());
      if (!it.hasNext()) {
        write.onComplete(done);
        return;
      }
    }
    done.tryComplete();
  }

  private void onClose() {
    subscriptions.forEach((id, s) -> registry.find(id, caller.subject()).ifPresent(j -> j.unsubscribe(s)));
    subscriptions.clear();
    Upload u = upload;
    if (u != null) {
      registry.cancel(u.job()); // an unfinished upload cannot go on without its socket
    }
  }

  private void abortUpload(Upload u) {
    if (upload == u) {
      upload = null;
    }
    u.image().release();
  }

  private void error(String jobId, ProblemException p) {
    send(new JsonObject().put("type", "error").put("job", jobId).put("code", p.code().code())
        .put("status", p.code().status()).put("detail", p.detail()));
  }

  private void send(JsonObject message) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(message.encode());
    }
  }

  private static List<Buffer> chunks(SegmentBuffer image) {
    List<Buffer> out = new ArrayList<>();
    for (Buffer view : image.views()) {
      for (int at = 0; at < view.length(); at += CHUNK) {
        out.add(view.slice(at, Math.min(view.length(), at + CHUNK)));
      }
    }
    return out;
  }

  private static String sha256(List<Buffer> chunks) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Buffer b : chunks) {
        md.update(((io.vertx.core.internal.buffer.BufferInternal) b).getByteBuf().nioBuffer());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
