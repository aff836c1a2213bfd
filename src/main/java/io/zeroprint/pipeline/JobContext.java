package io.zeroprint.pipeline;

import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.SegmentBuffer;
import java.util.function.Consumer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.image.RgbImage;

/**
 * One job's state as it moves through the stages, and everything it holds. {@link #close()}
 * releases (zeroes) whatever is still held, whichever way the job ends; stages hand over what they
 * consumed as soon as they are done with it, so at most two copies of the image are alive at once.
 */
public final class JobContext implements AutoCloseable {
  private final String jobId;
  private final EnhanceOptions options;
  private final ImageHeader header;
  private final Deadline deadline;
  private volatile boolean cancelled;
  private volatile Runnable abort = () -> { };
  private final Consumer<Progress> progress;
  private SegmentBuffer upload;
  private RgbImage pixels;
  private SegmentBuffer encoded;
  private ByteLease mask;
  private int resultWidth;
  private int resultHeight;

  /** A job with a fixed time limit. */
  public JobContext(String jobId, EnhanceOptions options, ImageHeader header, SegmentBuffer upload, long timeoutMillis,
      Consumer<Progress> progress) {
    this(jobId, options, header, upload, Deadline.fixed(timeoutMillis), progress);
  }

  /** @param progress receives progress as the job moves (called on the worker thread) */
  public JobContext(String jobId, EnhanceOptions options, ImageHeader header, SegmentBuffer upload, Deadline deadline,
      Consumer<Progress> progress) {
    this.jobId = jobId;
    this.progress = progress;
    this.options = options;
    this.header = header;
    this.upload = upload;
    this.deadline = deadline;
  }

  public String jobId() {
    return jobId;
  }

  public EnhanceOptions options() {
    return options;
  }

  public ImageHeader header() {
    return header;
  }

  public SegmentBuffer upload() {
    return upload;
  }

  /** The job leaves the queue and starts running: its deadline counts from now. */
  public void begin() {
    deadline.begin();
  }

  /** A stage starts. */
  public void stage(String name) {
    progress.accept(new Progress(jobId, name, 0, 0, 0));
  }

  /** In a tiled stage: {@code done} of {@code total} tiles finished; progress moves the deadline. */
  public void tiles(String stage, int done, int total) {
    deadline.progress(done, total);
    progress.accept(new Progress(jobId, stage, 0, done, total));
  }

  /** Called from any thread; the job stops at its next check (or its abort hook) and releases what it holds. */
  public void cancel() {
    cancelled = true;
    abort.run();
  }

  /**
   * While a stage runs one long call that cannot check for cancellation itself (e.g. a decoder),
   * {@code hook} stops that call early; pass a no-op when the call is over.
   */
  public void abortWith(Runnable hook) {
    abort = hook;
    if (cancelled) {
      hook.run();
    }
  }

  /** Nanoseconds past the deadline (negative before it). */
  public long overdueNanos() {
    return deadline.overdueNanos();
  }

  /** Throws if the job was cancelled or ran out of time; stages call it between units of work. */
  public void checkActive() {
    if (cancelled) {
      throw new ProblemException(ErrorCode.CANCELLED);
    }
    if (deadline.overdueNanos() > 0) {
      throw new ProblemException(ErrorCode.PROCESSING_TIMEOUT);
    }
  }

  public synchronized void releaseUpload() {
    if (upload != null) {
      upload.release();
      upload = null;
    }
  }

  public synchronized RgbImage pixels() {
    return pixels;
  }

  /** Replaces the current pixels, zeroing the previous ones. */
  public synchronized void pixels(RgbImage next) {
    if (pixels != null && pixels != next) {
      pixels.close();
    }
    pixels = next;
  }

  /** The person mask (one byte per pixel) for the stages after segmentation, or null. */
  public synchronized ByteLease mask() {
    return mask;
  }

  /** Replaces the mask, zeroing the previous one. */
  public synchronized void mask(ByteLease next) {
    if (mask != null && mask != next) {
      mask.close();
    }
    mask = next;
  }

  /** The encoded result and its pixel size (0 × 0 for JSON). */
  public synchronized void encoded(SegmentBuffer result, int width, int height) {
    encoded = result;
    resultWidth = width;
    resultHeight = height;
  }

  public synchronized int resultWidth() {
    return resultWidth;
  }

  public synchronized int resultHeight() {
    return resultHeight;
  }

  /** Hands the encoded result to the caller, who releases it from then on. */
  public synchronized SegmentBuffer takeEncoded() {
    SegmentBuffer r = encoded;
    encoded = null;
    return r;
  }

  @Override
  public synchronized void close() {
    releaseUpload();
    pixels(null);
    mask(null);
    if (encoded != null) {
      encoded.release();
      encoded = null;
    }
  }
}
