package io.zeroprint.http.multipart;

import io.netty.buffer.ByteBuf;
import io.zeroprint.buffer.CapacityExceeded;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.util.function.LongConsumer;

/**
 * The form an upload is: one file part {@code image} (its bytes appended straight into the upload's
 * segments) and at most one {@code options} part (a field or a file, kept in a small array that is
 * zeroed once read). An image part of type {@code multipart/mixed} (RFC 2388's way of sending files,
 * which some clients still use) is unpacked, one level deep, and must hold exactly one part.
 */
public final class UploadForm implements PartHandler {
  /** Parts accepted at most, whatever their names (more is malformed, before any name is judged). */
  static final int MAX_PARTS = 4;
  public static final String IMAGE_PART = "image";
  public static final String OPTIONS_PART = "options";

  private final SegmentBuffer image;
  private final BoundedBytes options;
  private final LongConsumer onBytes;
  private final MultipartParser parser;
  private int parts;
  private boolean imageSeen;
  private boolean optionsSeen;
  private boolean unknownField;

  /**
   * A form with this boundary whose image goes into {@code image}, telling {@code onBytes} the image
   * bytes received so far after every piece.
   */
  public UploadForm(String boundary, SegmentBuffer image, int maxOptionsBytes, LongConsumer onBytes) {
    this.image = image;
    this.options = new BoundedBytes(maxOptionsBytes);
    this.onBytes = onBytes;
    this.parser = new MultipartParser(boundary, this);
  }

  /** The next chunk of the body (the caller zeroes it afterwards). */
  public void feed(ByteBuf chunk) {
    parser.feed(chunk);
  }

  /**
   * The body ended: the options JSON (null when there was no options part), or the problem with the
   * form. The options bytes are zeroed either way.
   */
  public String finish() {
    try {
      parser.finish();
      if (unknownField) {
        throw new ProblemException(ErrorCode.UNEXPECTED_PART,
            "Form fields accepted: 'options'; send the image as a file part named 'image'.");
      }
      if (image.length() == 0) {
        throw new ProblemException(ErrorCode.MISSING_IMAGE);
      }
      return optionsSeen ? options.utf8() : null;
    } finally {
      options.zero();
    }
  }

  /** The upload was given up: zeroes what the form keeps (the caller releases the image). */
  public void discard() {
    options.zero();
  }

  @Override
  public PartSink part(PartHeaders h) {
    if (++parts > MAX_PARTS) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "A form has at most " + MAX_PARTS + " parts.");
    }
    if (h.disposition() == null || !"form-data".equals(h.disposition().type()) || h.name() == null) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST,
          "Each part needs 'Content-Disposition: form-data' with a name.");
    }
    return switch (h.name()) {
      case IMAGE_PART -> imagePart(h);
      case OPTIONS_PART -> optionsPart();
      default -> {
        if (h.isFile()) {
          throw new ProblemException(ErrorCode.UNEXPECTED_PART, "Parts accepted: 'image' and 'options'.");
        }
        unknownField = true; // answered once the body is read, as any form field would be
        yield PartSink.DISCARD;
      }
    };
  }

  private PartSink imagePart(PartHeaders h) {
    if (!h.isFile()) {
      throw new ProblemException(ErrorCode.UNEXPECTED_PART, "Send the image as a file part named 'image'.");
    }
    if (!h.mediaType().equals("multipart/mixed")) {
      return image();
    }
    MultipartParser inner = new MultipartParser(h.contentType().param("boundary"), nested -> {
      if (nested.mediaType().startsWith("multipart/")) {
        throw new ProblemException(ErrorCode.UNEXPECTED_PART, "A multipart image part is unpacked one level deep only.");
      }
      return image();
    });
    return new PartSink() {
      @Override
      public void data(ByteBuf data) {
        inner.feed(data);
      }

      @Override
      public void end() {
        inner.finish();
      }
    };
  }

  private PartSink image() {
    if (imageSeen) {
      throw new ProblemException(ErrorCode.UNEXPECTED_PART, "Send exactly one 'image' part.");
    }
    imageSeen = true;
    return data -> {
      try {
        image.append(data);
      } catch (CapacityExceeded e) {
        throw new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "The upload exceeds " + e.cap() + " bytes.");
      }
      onBytes.accept(image.length());
    };
  }

  private PartSink optionsPart() {
    if (optionsSeen) {
      throw new ProblemException(ErrorCode.UNEXPECTED_PART, "Send at most one 'options' part.");
    }
    optionsSeen = true;
    return data -> {
      if (!options.append(data)) {
        throw new ProblemException(ErrorCode.INVALID_OPTION, "The options part exceeds " + options.limit() + " bytes.");
      }
    };
  }
}
