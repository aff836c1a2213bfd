package io.zeroprint.http.multipart;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.util.Locale;

/**
 * The headers of one part that decide where it goes: its Content-Disposition (type, {@code name},
 * whether it has a {@code filename}) and its Content-Type. Other headers are ignored. Lines are
 * CRLF-terminated; a bare CR or LF, a folded line, or either header given twice is refused as
 * malformed, because different parsers would read those differently.
 */
public record PartHeaders(HeaderValue disposition, HeaderValue contentType) {
  static final PartHeaders NONE = new PartHeaders(null, null);

  /** The field name, or null when there is no Content-Disposition or no name in it. */
  public String name() {
    return disposition == null ? null : disposition.param("name");
  }

  /** A file part (it has a file name, possibly empty), as opposed to a plain field. */
  public boolean isFile() {
    return disposition != null && (disposition.param("filename") != null || disposition.param("filename*") != null);
  }

  /** The part's media type, lower case, or "" when it declares none. */
  public String mediaType() {
    return contentType == null ? "" : contentType.type();
  }

  /** Parses a header block (each line ending in CRLF, then the empty line); {@code block} is not kept. */
  static PartHeaders parse(BoundedBytes block) {
    HeaderValue disposition = null;
    HeaderValue contentType = null;
    int end = block.length() - 2; // the empty line that ends the block
    int line = 0;
    while (line < end) {
      int eol = lineEnd(block, line, end);
      if (block.at(line) == ' ' || block.at(line) == '\t') {
        throw malformed("A part header is folded over two lines.");
      }
      String text = block.latin1(line, eol);
      int colon = text.indexOf(':');
      if (colon > 0) { // a line without a name is not a header, and says nothing about the part
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim();
        if (name.equals("content-disposition")) {
          disposition = once(disposition, HeaderValue.parse(value), "Content-Disposition");
        } else if (name.equals("content-type")) {
          contentType = once(contentType, HeaderValue.parse(value), "Content-Type");
        }
      }
      line = eol + 2;
    }
    return new PartHeaders(disposition, contentType);
  }

  /** The index of the CR of the CRLF that ends the line starting at {@code from}. */
  private static int lineEnd(BoundedBytes block, int from, int end) {
    for (int i = from; i < end; i++) {
      byte b = block.at(i);
      if (b == '\r' && block.at(i + 1) == '\n') {
        return i;
      }
      if (b == '\r' || b == '\n') {
        throw malformed("A part header has a bare CR or LF.");
      }
    }
    throw malformed("A part header has a bare CR or LF.");
  }

  private static HeaderValue once(HeaderValue previous, HeaderValue value, String header) {
    if (previous != null) {
      throw malformed("A part has two " + header + " headers.");
    }
    return value;
  }

  private static ProblemException malformed(String detail) {
    return new ProblemException(ErrorCode.MALFORMED_REQUEST, detail);
  }
}
