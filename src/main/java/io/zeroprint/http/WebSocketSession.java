package io.zeroprint.http;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.config.LimitsConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.intake.Intake;
import io.zeroprint.intake.Ticket;
import io.zeroprint.intake.WorkRequest;
import io.zeroprint.jobs.Job;
import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.JobState;
import io.zeroprint.jobs.ResultStore;
import io.zeroprint.privacy.Pseudonyms;
import io.zeroprint.security.Caller;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client's {@code /v1/ws} socket, a transport for the intake: text messages are JSON commands
 * ({@code submit}, {@code subscribe}, {@code fetch}, {@code cancel}); binary messages carry a
 * submitted image. The server sends job events (the same JSON as SSE) and, for jobs submitted or
 * fetched here, the result as binary messages of at most {@value #CHUNK} bytes between a
 * {@code result} and a {@code result-end} message — never truncated, paced by the socket's write
 * queue. While the client waits it is pinged; one that stops answering is closed.
 */
final class WebSocketSession {
  static final int CHUNK = 64 * 1024;
  static final String ROUTE = "/v1/ws submit";
  /** Close code for a peer that stopped answering pings (RFC 6455: going away). */
  private static final short GOING_AWAY = 1001;
  private static final int MISSED_PINGS = 2;
  /** RFC 6455 close codes for what the socket layer refuses. */
  private static final short INVALID_PAYLOAD = 1007;
  private static final short MESSAGE_TOO_BIG = 1009;
  private static final int RECEIPT_WAIT_SECONDS = 5;

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final Caller caller;
  private final boolean analyticsOptOut;
  private final Intake intake;
  private final JobRegistry registry;
  private final BufferStore store;
  private final ResultStore results;
  private final Pseudonyms pseudonyms;
  private final LimitsConfig limits;
  private final long pingMillis;
  private final Map<String, Consumer<JsonObject>> subscriptions = new ConcurrentHashMap<>();
  private final Set<String> deliverHere = ConcurrentHashMap.newKeySet();
  /** Results being written to this socket; a closed socket fails them, which gives each result back to its job. */
  private final Set<Promise<Void>> deliveries = ConcurrentHashMap.newKeySet();
  /**
   * The socket's own event loop. Results go out one after another from here: two written at once would
   * interleave their binary messages (which carry no job id), and the second would take over the
   * socket's single drain handler, leaving the first stalled.
   */
  private final Context context;
  /** The last result queued for this socket; touched on {@link #context} only. */
  private Future<Void> lastDelivery = Future.succeededFuture();
  private volatile Upload upload;
  private volatile long lastHeard = System.nanoTime();
  private final TextFrames textFrames = new TextFrames();
  private final BinaryFrames binaryFrames = new BinaryFrames();
  private long pinger;

  /** A submit in progress: its ticket, its bytes so far, how many are announced, its deadline timer. */
  private record Upload(Ticket ticket, SegmentBuffer image, long size, long deadline) {
    Job job() {
      return ticket.job();
    }
  }

  /** What a session is built from; shared by every socket of an HTTP verticle. */
  record Parts(Vertx vertx, Intake intake, JobRegistry registry, BufferStore store, ResultStore results,
      Pseudonyms pseudonyms, LimitsConfig limits, long pingMillis) {}

  WebSocketSession(ServerWebSocket ws, Caller caller, boolean analyticsOptOut, Parts parts) {
    this.vertx = parts.vertx();
    this.ws = ws;
    this.caller = caller;
    this.analyticsOptOut = analyticsOptOut;
    this.intake = parts.intake();
    this.registry = parts.registry();
    this.store = parts.store();
    this.results = parts.results();
    this.pseudonyms = parts.pseudonyms();
    this.limits = parts.limits();
    this.pingMillis = parts.pingMillis();
    this.context = parts.vertx().getOrCreateContext();
  }

  void start() {
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onBinary);
    ws.frameHandler(this::onFrame);
    ws.pongHandler(pong -> heard());
    ws.exceptionHandler(this::onFailure);
    ws.closeHandler(v -> onClose());
    // The server drains: the jobs have ended and their last messages are queued; go away after them.
    ws.shutdownHandler(v -> context.runOnContext(x -> lastDelivery.onComplete(d -> ws.close(GOING_AWAY,
        "server shutting down"))));
    pinger = vertx.setPeriodic(pingMillis, id -> ping());
  }

  /** Every frame, before it is assembled into a message: text must be valid UTF-8 (RFC 6455 8.1). */
  private void onFrame(WebSocketFrame frame) {
    heard();
    if (!textFrames.accept(frame)) {
      ws.close(INVALID_PAYLOAD, "text is not valid UTF-8");
    }
    binaryFrames.after(frame);
  }

  /**
   * What the socket layer refuses is answered with its RFC 6455 close code: a frame that breaks the
   * protocol, or a message over the limit (fragments that add up past it).
   */
  private void onFailure(Throwable failure) {
    if (ws.isClosed()) {
      return;
    }
    if (failure instanceof CorruptedWebSocketFrameException corrupt) {
      // A protocol error the frame decoder found (e.g. a reserved bit set): say which before closing.
      ws.close((short) corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
    } else if (failure instanceof IllegalStateException) {
      ws.close(MESSAGE_TOO_BIG, "message over " + HttpVerticle.MAX_WEBSOCKET_MESSAGE + " bytes");
    }
  }

  private void onText(String text) {
    if (ws.isClosed()) {
      return; // closed while this message was assembled (e.g. it was not valid UTF-8)
    }
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (DecodeException e) {
      error(null, new ProblemException(ErrorCode.MALFORMED_REQUEST, "Messages are JSON objects."));
      return;
    }
    String jobId = msg.getValue("job") instanceof String s ? s : null;
    try {
      switch (msg.getValue("type") instanceof String type ? type : "") {
        case "submit" -> submit(msg);
        case "subscribe" -> subscribe(registry.require(required(jobId), caller.subject()), false);
        case "fetch" -> subscribe(registry.require(required(jobId), caller.subject()), true);
        case "cancel" -> cancel(required(jobId));
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
    long size = msg.getValue("size") instanceof Number n && n.doubleValue() == n.longValue() ? n.longValue() : -1;
    if (size <= 0) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "submit needs the image size in bytes (a positive integer).");
    }
    if (size > limits.maxUploadBytes()) {
      throw new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "The limit is " + limits.maxUploadBytes() + " bytes.");
    }
    Object options = msg.getValue("options");
    if (options != null && !(options instanceof JsonObject)) {
      throw new ProblemException(ErrorCode.INVALID_OPTION, "options is a JSON object of option names and values.");
    }
    Object key = msg.getValue("idempotencyKey");
    if (key != null && !(key instanceof String)) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "idempotencyKey is a string.");
    }
    Ticket ticket = intake.open(new WorkRequest(caller, WorkRequest.Delivery.JOB, ROUTE,
        options == null ? Map.of() : RawOptions.ofJson((JsonObject) options),
        JobsHandler.checkedIdempotencyKey((String) key), analyticsOptOut));
    Job job = ticket.job();
    if (ticket.replayed()) {
      // The earlier job goes on where it is; this socket only follows it (fetch to have the result here).
      send(new JsonObject().put("type", "accepted").put("job", job.id()).put("replayed", true));
      subscribe(job, false);
      return;
    }
    long deadline = vertx.setTimer(TimeUnit.SECONDS.toMillis(limits.uploadDeadlineSeconds()), id -> timedOut());
    Upload u = new Upload(ticket, store.open(size, ticket.account()), size, deadline);
    upload = u;
    job.canceller(() -> abortUpload(u));
    job.uploaded(0, size);
    deliverHere.add(job.id());
    send(new JsonObject().put("type", "accepted").put("job", job.id()));
    subscribe(job, false);
  }

  private void onBinary(Buffer data) {
    heard();
    Upload u = upload;
    try {
      if (u == null) {
        throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "Binary data without a submit.");
      }
      if (u.image().length() + data.length() > u.size()) {
        abortUpload(u);
        ProblemException p = new ProblemException(ErrorCode.MALFORMED_REQUEST, "More bytes than the submit announced.");
        intake.abandon(u.ticket(), p);
        throw p;
      }
      u.image().append(((BufferInternal) data).getByteBuf());
      u.job().uploaded(u.image().length(), u.size());
      if (u.image().length() == u.size()) {
        upload = null;
        vertx.cancelTimer(u.deadline());
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
    intake.submit(u.ticket(), u.image(), Map.of())
        .onSuccess(s -> s.resultKey().ifPresent(key ->
            send(new JsonObject().put("type", "key").put("job", u.job().id()).put("result_key", key))))
        .onFailure(err -> error(u.job().id(), ProblemException.of(err)));
  }

  /** An upload that does not finish within the upload deadline is cancelled, as over HTTP. */
  private void timedOut() {
    Upload u = upload;
    if (u != null) {
      abortUpload(u);
      ProblemException p = new ProblemException(ErrorCode.UPLOAD_TIMEOUT, "The limit is "
          + limits.uploadDeadlineSeconds() + " s.");
      intake.abandon(u.ticket(), p);
      error(u.job().id(), p);
    }
  }

  /**
   * As {@code DELETE /v1/jobs/{id}}: the job is cancelled (or its held result erased), and a retained
   * result's sealed copy is erased from the result store too, also once the job itself is forgotten.
   */
  private void cancel(String jobId) {
    ProblemException missing = null;
    try {
      registry.cancel(registry.require(jobId, caller.subject()));
    } catch (ProblemException p) {
      missing = p;
    }
    ProblemException unknown = missing;
    StoreFailures.guard(results.delete(jobId, pseudonyms.of(caller.subject())))
        .onSuccess(deleted -> {
          if (unknown != null && !deleted) {
            error(jobId, unknown);
          }
        })
        .onFailure(err -> error(jobId, ProblemException.of(err)));
  }

  private void subscribe(Job job, boolean deliver) {
    if (deliver) {
      deliverHere.add(job.id());
    }
    Consumer<JsonObject> subscriber = event -> {
      send(JobLinks.render(event));
      if (JobState.DONE.id().equals(event.getString("state")) && deliverHere.remove(job.id())) {
        deliverInTurn(job);
      }
    };
    Consumer<JsonObject> previous = subscriptions.put(job.id(), subscriber);
    if (previous != null) {
      job.unsubscribe(previous);
    }
    job.subscribe(subscriber);
  }

  /** Queues the job's result behind any result still being written to this socket. */
  private void deliverInTurn(Job job) {
    context.runOnContext(v -> lastDelivery = lastDelivery.eventually(() -> deliver(job)));
  }

  /**
   * Sends the one-time result as binary messages, then forgets the job; a broken socket gives it back.
   * Completes once {@code result-end} is sent (or the write failed).
   */
  private Future<Void> deliver(Job job) {
    if (ws.isClosed()) {
      return Future.succeededFuture(); // the job keeps its result for a fetch on a new socket
    }
    SegmentBuffer image = job.takeResult();
    if (image == null) {
      return Future.succeededFuture(); // retained (fetch it with its key) or already taken
    }
    List<Buffer> chunks = chunks(image);
    send(new JsonObject().put("type", "result").put("job", job.id()).put("contentType", job.mediaType())
        .put("bytes", image.length()).put("chunks", chunks.size()).put("width", job.width()).put("height", job.height()));
    MessageDigest sha256 = sha256();
    Promise<Void> written = Promise.promise();
    deliveries.add(written);
    pump(chunks.iterator(), sha256, written);
    return written.future()
        .andThen(ar -> deliveries.remove(written))
        .compose(v -> {
          String digest = HexFormat.of().formatHex(sha256.digest());
          image.release();
          registry.delivered(job);
          return resultEnd(job, digest);
        }, failure -> {
          job.restoreResult(image);
          return Future.failedFuture(failure);
        });
  }

  /**
   * The delivery was the last thing the job held: its receipt follows at once, in {@code result-end}.
   * The next result waits for it, so a client sees {@code result}, its chunks and {@code result-end}
   * with nothing in between.
   */
  private Future<Void> resultEnd(Job job, String digest) {
    Promise<Void> sent = Promise.promise();
    job.receipt().orTimeout(RECEIPT_WAIT_SECONDS, TimeUnit.SECONDS).whenComplete((jws, err) ->
        context.runOnContext(x -> {
          send(new JsonObject().put("type", "result-end").put("job", job.id()).put("sha256", digest).put("receipt", jws));
          sent.complete();
        }));
    return sent.future();
  }

  /**
   * Writes while the socket's queue has room, resuming on drain: the client's pace, bounded memory.
   * The digest is updated chunk by chunk as it goes out, so no pass over the whole result blocks the loop.
   */
  private void pump(Iterator<Buffer> it, MessageDigest sha256, Promise<Void> done) {
    while (it.hasNext()) {
      if (ws.writeQueueFull()) {
        ws.drainHandler(v -> pump(it, sha256, done));
        return;
      }
      Buffer chunk = it.next();
      sha256.update(((BufferInternal) chunk).getByteBuf().nioBuffer());
      Future<Void> write = ws.writeBinaryMessage(chunk);
      if (!it.hasNext()) {
        write.onComplete(ar -> {
          if (ar.succeeded()) {
            done.tryComplete();
          } else {
            done.tryFail(ar.cause()); // or the socket closed first and failed it already
          }
        });
        return;
      }
    }
    done.tryComplete();
  }

  private void ping() {
    if (ws.isClosed()) {
      vertx.cancelTimer(pinger);
      return;
    }
    if (System.nanoTime() - lastHeard > TimeUnit.MILLISECONDS.toNanos(pingMillis * MISSED_PINGS + pingMillis / 2)) {
      ws.close(GOING_AWAY, "no answer to pings");
      return;
    }
    ws.writePing(Buffer.buffer());
  }

  private void heard() {
    lastHeard = System.nanoTime();
  }

  private void onClose() {
    vertx.cancelTimer(pinger);
    binaryFrames.release();
    // A client that stopped reading mid-result never drains the queue: without this the pending
    // delivery would hold the result forever. Given back, the job holds it until fetched or expired.
    deliveries.forEach(d -> d.tryFail("socket closed"));
    subscriptions.forEach((id, s) -> registry.find(id, caller.subject()).ifPresent(j -> j.unsubscribe(s)));
    subscriptions.clear();
    Upload u = upload;
    if (u != null) {
      vertx.cancelTimer(u.deadline());
      registry.cancel(u.job()); // an unfinished upload cannot go on without its socket
    }
  }

  private void abortUpload(Upload u) {
    if (upload == u) {
      upload = null;
    }
    vertx.cancelTimer(u.deadline());
    u.image().release();
  }

  private void error(String jobId, ProblemException p) {
    JsonObject message = new JsonObject().put("type", "error").put("job", jobId).put("code", p.code().code())
        .put("status", ProblemStatus.of(p.code())).put("detail", p.detail());
    p.members().forEach(message::put);
    send(message);
  }

  private void send(JsonObject message) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(message.encode());
    }
  }

  private static String required(String jobId) {
    if (jobId == null) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "This message needs a job id.");
    }
    return jobId;
  }

  private static List<Buffer> chunks(SegmentBuffer image) {
    List<Buffer> out = new java.util.ArrayList<>();
    for (Buffer view : image.views()) {
      for (int at = 0; at < view.length(); at += CHUNK) {
        out.add(view.slice(at, Math.min(view.length(), at + CHUNK)));
      }
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
