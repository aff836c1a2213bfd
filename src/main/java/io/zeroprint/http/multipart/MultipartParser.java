package io.zeroprint.http.multipart;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.nio.charset.StandardCharsets;

/**
 * A streaming {@code multipart/*} body parser (RFC 2046 5.1.1, as RFC 7578 uses it). It is fed the
 * body chunk by chunk and hands each part's bytes to that part's {@link PartSink} as views of the
 * chunk being fed: it keeps no part data. Across a chunk edge it carries only how many bytes of a
 * delimiter have matched so far; those bytes are the delimiter's own, so if the match then fails they
 * are handed on from the delimiter constant. The search is Knuth–Morris–Pratt over
 * {@code CRLF "--" boundary}, so a boundary split at any byte, or preceded by a partial boundary, is
 * found exactly once, and the boundary text without CRLF before it is data.
 *
 * <p>Bounded: part headers (per part and in total), the preamble, transport padding and epilogue.
 * Strict: after a delimiter only {@code --}, or optional spaces/tabs and CRLF, may follow.
 */
public final class MultipartParser {
  static final int MAX_PART_HEADER_BYTES = 8 * 1024;
  static final int MAX_HEADER_BYTES = 16 * 1024;
  static final int MAX_PREAMBLE_BYTES = 4 * 1024;
  static final int MAX_EPILOGUE_BYTES = 4 * 1024;
  static final int MAX_PADDING_BYTES = 256;
  /** RFC 2046 says 70; browsers stay well below, some clients go beyond. */
  public static final int MAX_BOUNDARY_LENGTH = 200;
  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte[] CRLF = {CR, LF};
  private static final byte[] END_OF_HEADERS = {CR, LF, CR, LF};

  private enum State { BODY, AFTER_DELIMITER, CLOSE_DASH, PADDING, LF, HEADERS, EPILOGUE }

  private final byte[] delimiter;
  /** The delimiter's bytes as a buffer, to hand on those of a partial match that turned out to be data. */
  private final ByteBuf delimiterBytes;
  private final int[] fallback;
  private final PartHandler handler;
  private final BoundedBytes header = new BoundedBytes(MAX_PART_HEADER_BYTES);
  private State state = State.BODY;
  /** Delimiter bytes matched so far; the body starts as if after a CRLF, so its first boundary is a delimiter too. */
  private int matched = 2;
  private PartSink sink = new Preamble();
  private boolean started;
  private long headerTotal;
  private int padding;
  private int epilogue;

  public MultipartParser(String boundary, PartHandler handler) {
    this.delimiter = ("\r\n--" + checkBoundary(boundary)).getBytes(StandardCharsets.ISO_8859_1);
    this.delimiterBytes = Unpooled.wrappedBuffer(delimiter);
    this.fallback = fallback(delimiter);
    this.handler = handler;
  }

  /** Returns {@code boundary} if it is one this parser takes; else a malformed-request problem. */
  public static String checkBoundary(String boundary) {
    if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY_LENGTH) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST,
          "A multipart boundary has 1 to " + MAX_BOUNDARY_LENGTH + " characters.");
    }
    return boundary;
  }

  /** Parses the readable bytes of {@code chunk} (its indices are left as they are). */
  public void feed(ByteBuf chunk) {
    int i = chunk.readerIndex();
    int end = chunk.writerIndex();
    while (i < end) {
      i = switch (state) {
        case BODY -> body(chunk, i, end);
        case HEADERS -> headers(chunk, i, end);
        case EPILOGUE -> epilogue(i, end);
        default -> afterDelimiter(chunk.getByte(i), i);
      };
    }
  }

  /** The body ended: throws unless it was empty of parts (no boundary at all) or properly closed. */
  public void finish() {
    if (started && state != State.EPILOGUE) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "The multipart body ends before its closing boundary.");
    }
  }

  private int body(ByteBuf chunk, int from, int end) {
    int carried = matched;
    int m = matched;
    int i = from;
    while (i < end) {
      if (m == 0) {
        int cr = chunk.indexOf(i, end, CR);
        if (cr < 0) {
          i = end;
          break;
        }
        i = cr;
      }
      byte b = chunk.getByte(i++);
      while (m > 0 && delimiter[m] != b) {
        m = fallback[m];
      }
      if (delimiter[m] == b) {
        m++;
      }
      if (m == delimiter.length) {
        emit(chunk, from, carried, i - m);
        matched = 0;
        sink.end();
        sink = null;
        started = true;
        padding = 0;
        state = State.AFTER_DELIMITER;
        return i;
      }
    }
    emit(chunk, from, carried, i - m);
    matched = m;
    return i;
  }

  /**
   * Hands the sink the data bytes from where this call started up to {@code to}; indices below
   * {@code from} are the {@code carried} delimiter bytes matched at the end of the previous chunk.
   */
  private void emit(ByteBuf chunk, int from, int carried, int to) {
    int start = from - carried;
    if (start >= to) {
      return;
    }
    if (start < from) {
      int n = Math.min(to, from) - start;
      window(delimiterBytes, 0, n);
      start += n;
    }
    if (start < to) {
      window(chunk, start, to);
    }
  }

  /**
   * Shows the sink {@code buf}'s bytes [from, to) by narrowing its indices for the call rather than
   * slicing (no object per piece), and restores them even if the sink refuses the part: the caller
   * zeroes the whole chunk by those indices.
   */
  private void window(ByteBuf buf, int from, int to) {
    int reader = buf.readerIndex();
    int writer = buf.writerIndex();
    try {
      buf.setIndex(from, to);
      sink.data(buf);
    } finally {
      buf.setIndex(reader, writer);
    }
  }

  private int afterDelimiter(byte b, int i) {
    switch (state) {
      case AFTER_DELIMITER -> state = b == '-' ? State.CLOSE_DASH : b == CR ? State.LF : padding(b);
      case CLOSE_DASH -> state = b == '-' ? State.EPILOGUE : malformed("A boundary is followed by a single dash.");
      case PADDING -> state = b == CR ? State.LF : padding(b);
      case LF -> {
        if (b != LF) {
          malformed("A boundary line ends in a bare CR.");
        }
        state = State.HEADERS;
      }
      default -> throw new IllegalStateException(state.name());
    }
    return i + 1;
  }

  private State padding(byte b) {
    if (b != ' ' && b != '\t') {
      return malformed("A boundary is followed by something other than '--' or a line end.");
    }
    if (++padding > MAX_PADDING_BYTES) {
      return malformed("A boundary line has more than " + MAX_PADDING_BYTES + " bytes of padding.");
    }
    return State.PADDING;
  }

  private int headers(ByteBuf chunk, int from, int end) {
    for (int i = from; i < end; i++) {
      if (!header.append(chunk.getByte(i)) || ++headerTotal > MAX_HEADER_BYTES) {
        malformed("Part headers are limited to " + MAX_PART_HEADER_BYTES + " bytes per part and "
            + MAX_HEADER_BYTES + " in all.");
      }
      boolean none = header.length() == 2 && header.endsWith(CRLF);
      if (none || header.endsWith(END_OF_HEADERS)) {
        try {
          sink = handler.part(none ? PartHeaders.NONE : PartHeaders.parse(header));
        } finally {
          header.zero();
        }
        state = State.BODY;
        return i + 1;
      }
    }
    return end;
  }

  private int epilogue(int from, int end) {
    epilogue += end - from;
    if (epilogue > MAX_EPILOGUE_BYTES) {
      malformed("The epilogue after the closing boundary is limited to " + MAX_EPILOGUE_BYTES + " bytes.");
    }
    return end;
  }

  /** Knuth–Morris–Pratt: for each matched length, the longest proper prefix that is also a suffix. */
  private static int[] fallback(byte[] p) {
    int[] f = new int[p.length + 1];
    int k = 0;
    for (int i = 1; i < p.length; i++) {
      while (k > 0 && p[i] != p[k]) {
        k = f[k];
      }
      if (p[i] == p[k]) {
        k++;
      }
      f[i + 1] = k;
    }
    return f;
  }

  private static <T> T malformed(String detail) {
    throw new ProblemException(ErrorCode.MALFORMED_REQUEST, detail);
  }

  /** What precedes the first boundary: ignored, but only so much of it. */
  private static final class Preamble implements PartSink {
    private long length;

    @Override
    public void data(ByteBuf data) {
      length += data.readableBytes();
      if (length > MAX_PREAMBLE_BYTES + 2) { // + the CRLF the body is taken to start with
        malformed("The preamble before the first boundary is limited to " + MAX_PREAMBLE_BYTES + " bytes.");
      }
    }
  }
}
