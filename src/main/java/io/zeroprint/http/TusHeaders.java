package io.zeroprint.http;

import io.vertx.core.http.HttpServerRequest;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The request and response headers of tus 1.0.0, read and written at the edge. */
final class TusHeaders {
  static final String RESUMABLE = "Tus-Resumable";
  static final String VERSION = "Tus-Version";
  static final String EXTENSION = "Tus-Extension";
  static final String MAX_SIZE = "Tus-Max-Size";
  static final String CHECKSUM_ALGORITHM = "Tus-Checksum-Algorithm";
  static final String UPLOAD_OFFSET = "Upload-Offset";
  static final String UPLOAD_LENGTH = "Upload-Length";
  static final String UPLOAD_METADATA = "Upload-Metadata";
  static final String UPLOAD_EXPIRES = "Upload-Expires";
  static final String UPLOAD_CHECKSUM = "Upload-Checksum";
  static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";
  static final String PROTOCOL_VERSION = "1.0.0";
  static final String EXTENSIONS = "creation,creation-with-upload,termination,expiration,checksum";
  static final String OFFSET_STREAM = "application/offset+octet-stream";
  /** Every header a browser's tus client sends, for CORS. */
  static final Set<String> REQUEST_HEADERS = Set.of(RESUMABLE, UPLOAD_OFFSET, UPLOAD_LENGTH, UPLOAD_METADATA,
      UPLOAD_CHECKSUM, UPLOAD_DEFER_LENGTH, "X-HTTP-Method-Override", "X-Requested-With");
  /** Every tus header a browser's tus client reads, for CORS. */
  static final Set<String> RESPONSE_HEADERS = Set.of(RESUMABLE, VERSION, EXTENSION, MAX_SIZE, CHECKSUM_ALGORITHM,
      UPLOAD_OFFSET, UPLOAD_LENGTH, UPLOAD_EXPIRES, "Location");
  /**
   * Metadata keys clients add to describe a file, not options: ignored and never kept (a file name
   * is the client's business, and often personal).
   */
  private static final Set<String> DESCRIPTIVE = Set.of("filename", "filetype", "name", "type", "contenttype",
      "mimetype", "relativepath");
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private TusHeaders() {}

  /** {@code Tus-Resumable: 1.0.0}, required on every request but OPTIONS (412 otherwise). */
  static void requireVersion(HttpServerRequest req) {
    if (!PROTOCOL_VERSION.equals(req.getHeader(RESUMABLE))) {
      req.response().putHeader(VERSION, PROTOCOL_VERSION);
      throw new ProblemException(ErrorCode.UNSUPPORTED_VERSION);
    }
  }

  /** A required non-negative integer header; {@code Long.MAX_VALUE} stands for "too large to read". */
  static long nonNegative(HttpServerRequest req, String name) {
    String v = req.getHeader(name);
    if (v == null) {
      String hint = name.equals(UPLOAD_LENGTH) && req.getHeader(UPLOAD_DEFER_LENGTH) != null
          ? " (deferred lengths are not supported)" : "";
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, name + " is required" + hint + ".");
    }
    if (!v.matches("[0-9]{1,30}")) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, name + " must be a non-negative integer.");
    }
    return v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v);
  }

  /** The SHA-256 an {@code Upload-Checksum: sha256 <base64>} names, or null without the header. */
  static byte[] sha256(HttpServerRequest req) {
    String v = req.getHeader(UPLOAD_CHECKSUM);
    if (v == null) {
      return null;
    }
    String[] parts = v.trim().split(" ", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("sha256")) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "Upload-Checksum: the algorithm supported is sha256.");
    }
    try {
      byte[] digest = Base64.getDecoder().decode(parts[1].trim());
      if (digest.length == 32) {
        return digest;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "Upload-Checksum: sha256 and the base64 digest.");
  }

  /**
   * The options in {@code Upload-Metadata} ({@code key base64,key base64,...}): every key but the
   * descriptive ones is an option, its decoded value a string as in a query.
   */
  static Map<String, Object> options(HttpServerRequest req) {
    String header = req.getHeader(UPLOAD_METADATA);
    Map<String, Object> options = new LinkedHashMap<>();
    if (header == null || header.isBlank()) {
      return options;
    }
    Set<String> seen = new HashSet<>();
    for (String pair : header.split(",", -1)) {
      String[] kv = pair.trim().split(" ", -1);
      if (kv.length > 2 || kv[0].isEmpty() || !kv[0].matches("[\\x21-\\x7e]+") || !seen.add(kv[0])) {
        throw new ProblemException(ErrorCode.MALFORMED_REQUEST,
            "Upload-Metadata: distinct keys, each with an optional base64 value, separated by commas.");
      }
      if (DESCRIPTIVE.contains(kv[0].toLowerCase(Locale.ROOT))) {
        continue;
      }
      String value = kv.length == 2 ? decode(kv[1]) : "";
      if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new ProblemException(ErrorCode.INVALID_OPTION, "Option '" + RawOptions.safe(kv[0]) + "' holds a control character.");
      }
      options.put(kv[0], value);
    }
    return options;
  }

  static String httpDate(Instant t) {
    return HTTP_DATE.format(t);
  }

  private static String decode(String b64) {
    try {
      return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "Upload-Metadata values must be base64.");
    }
  }
}
