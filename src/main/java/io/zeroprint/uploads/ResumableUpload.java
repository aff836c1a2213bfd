package io.zeroprint.uploads;

import io.netty.buffer.ByteBuf;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.intake.Ticket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;

/**
 * One resumable upload: an admitted ticket, the buffer its bytes go into, and the offset acknowledged
 * so far. A chunk is written past that offset and acknowledged only when it has fully arrived (and
 * matched its checksum, if it came with one); a chunk that breaks off, fails its checksum or is
 * superseded is cut off again, so what was acknowledged never changes. Thread-safe: chunks of one
 * upload may arrive on different event loops (a client resuming on a new connection). It expires
 * after {@code expirySeconds} with no byte arriving, acknowledged or not.
 */
public final class ResumableUpload {
  /** Where an upload stands. */
  public enum Stage {
    /** Bytes still to come; the buffer is this upload's. */
    RECEIVING,
    /** Every byte arrived and was handed to the intake: the buffer is the job's now. */
    SUBMITTED,
    /** Terminated, expired or its job ended: everything it held was zeroed. */
    ENDED
  }

  private final String id;
  private final Ticket ticket;
  private final long length;
  private final SegmentBuffer buffer;
  private final long expirySeconds;
  private Stage stage = Stage.RECEIVING;
  private long offset;
  private Instant expiresAt;
  private Chunk active;

  ResumableUpload(String id, Ticket ticket, long length, SegmentBuffer buffer, long expirySeconds) {
    this.id = id;
    this.ticket = ticket;
    this.length = length;
    this.buffer = buffer;
    this.expirySeconds = expirySeconds;
    this.expiresAt = Instant.now().plusSeconds(expirySeconds);
  }

  public String id() {
    return id;
  }

  public Ticket ticket() {
    return ticket;
  }

  /** The size the client declared at creation: the upload is complete at this offset. */
  public long length() {
    return length;
  }

  public synchronized long offset() {
    return offset;
  }

  public synchronized Instant expiresAt() {
    return expiresAt;
  }

  public synchronized Stage stage() {
    return stage;
  }

  String subject() {
    return ticket.job().subject();
  }

  /**
   * Starts a chunk at {@code at}, which must be the acknowledged offset. A chunk still arriving for
   * this upload (its connection dropped and the server has not noticed yet) is superseded: cut off,
   * and {@code onSuperseded} of it run. {@code expectedSha256} is the chunk's checksum, or null.
   */
  public synchronized Chunk begin(long at, byte[] expectedSha256, Runnable onSuperseded) {
    if (stage == Stage.ENDED) {
      throw new ProblemException(ErrorCode.NOT_FOUND, "No such upload.");
    }
    if (at != offset) {
      throw new ProblemException(ErrorCode.OFFSET_MISMATCH, "The upload is at offset " + offset + ".");
    }
    if (stage == Stage.SUBMITTED) {
      throw new ProblemException(ErrorCode.OFFSET_MISMATCH, "The upload is complete (" + length + " bytes).");
    }
    if (active != null) {
      Chunk stale = active;
      dropActive();
      stale.onSuperseded.run();
    }
    active = new Chunk(expectedSha256, onSuperseded);
    return active;
  }

  /** Cuts off {@code chunk} if it is still the one arriving (broken off, refused, or given up on). */
  public synchronized void abort(Chunk chunk) {
    if (active == chunk) {
      dropActive();
    }
  }

  /**
   * Ends this upload (terminated, expired, or its job ended) and zeroes what it holds, unless its
   * bytes already belong to the job. True if it was still receiving: its job has then lost its image.
   */
  synchronized boolean end() {
    if (stage == Stage.ENDED) {
      return false;
    }
    boolean held = stage == Stage.RECEIVING;
    stage = Stage.ENDED;
    Chunk chunk = active;
    active = null;
    if (held) {
      buffer.release();
    }
    if (chunk != null) {
      chunk.onSuperseded.run();
    }
    return held;
  }

  synchronized boolean expired(Instant now) {
    return !expiresAt.isAfter(now);
  }

  /** The complete buffer, handed over once: from now on it is the intake's. */
  synchronized SegmentBuffer handOver() {
    if (stage != Stage.RECEIVING || offset != length) {
      throw new ProblemException(ErrorCode.NOT_FOUND, "The upload is no longer open.");
    }
    stage = Stage.SUBMITTED;
    return buffer;
  }

  private void dropActive() {
    active.finished = true;
    if (!buffer.isReleased()) {
      buffer.truncate(offset);
    }
    active = null;
  }

  /** One PATCH (or the body of a creation request): bytes appended past the acknowledged offset. */
  public final class Chunk {
    private final byte[] expected;
    private final MessageDigest digest;
    private final Runnable onSuperseded;
    private boolean finished;

    private Chunk(byte[] expectedSha256, Runnable onSuperseded) {
      this.expected = expectedSha256;
      this.digest = expectedSha256 == null ? null : sha256();
      this.onSuperseded = onSuperseded;
    }

    /**
     * Appends {@code bytes} (not consumed; the caller zeroes its copy). Past the declared length:
     * {@code payload_too_large}; past the memory budget: {@code memory_busy}. A superseded chunk's
     * bytes are ignored.
     */
    public void append(ByteBuf bytes) {
      synchronized (ResumableUpload.this) {
        if (finished || active != this) {
          return;
        }
        if (buffer.length() + bytes.readableBytes() > length) {
          throw new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE,
              "The upload's bytes would exceed its Upload-Length of " + length + ".");
        }
        buffer.append(bytes);
        // Bytes arriving are not idleness: a long chunk on a slow link must not expire mid-way.
        expiresAt = Instant.now().plusSeconds(expirySeconds);
        if (digest != null) {
          for (ByteBuffer b : bytes.nioBuffers(bytes.readerIndex(), bytes.readableBytes())) {
            digest.update(b);
          }
        }
      }
    }

    /**
     * The chunk has fully arrived: acknowledges it and returns the new offset, or cuts it off and
     * throws {@code checksum_mismatch} (or {@code cancelled} if it was superseded meanwhile).
     */
    public long acknowledge() {
      synchronized (ResumableUpload.this) {
        if (finished || active != this) {
          throw new ProblemException(ErrorCode.CANCELLED, "A newer request for this upload took over.");
        }
        if (digest != null) {
          byte[] actual = digest.digest();
          boolean match = MessageDigest.isEqual(actual, expected);
          Arrays.fill(actual, (byte) 0);
          if (!match) {
            dropActive();
            throw new ProblemException(ErrorCode.CHECKSUM_MISMATCH, "The upload is still at offset " + offset + ".");
          }
        }
        finished = true;
        active = null;
        offset = buffer.length();
        expiresAt = Instant.now().plusSeconds(expirySeconds);
        ticket.job().uploaded(offset, length);
        return offset;
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
