package io.zeroprint.http.multipart;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A header value of the form {@code type; key=value; key="quoted value"} (Content-Type,
 * Content-Disposition). Parameter names are case-insensitive; a parameter given twice is refused, so
 * that no two readers of the same header can disagree on which one counts. A quoted value runs to
 * the next quote (browsers percent-encode quotes in names and file names and never escape with a
 * backslash), or to the end of the line when unterminated.
 */
public record HeaderValue(String type, Map<String, String> params) {

  public static HeaderValue parse(String value) {
    int semi = value.indexOf(';');
    String type = (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    Map<String, String> params = new HashMap<>();
    int i = semi < 0 ? value.length() : semi + 1;
    while (i < value.length()) {
      int eq = value.indexOf('=', i);
      int nextSemi = value.indexOf(';', i);
      if (eq < 0 || nextSemi >= 0 && nextSemi < eq) { // a bare token with no value: skip it
        i = nextSemi < 0 ? value.length() : nextSemi + 1;
        continue;
      }
      String key = value.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      int start = eq + 1;
      while (start < value.length() && value.charAt(start) == ' ') {
        start++;
      }
      String v;
      if (start < value.length() && value.charAt(start) == '"') {
        int close = value.indexOf('"', start + 1);
        v = value.substring(start + 1, close < 0 ? value.length() : close);
        int after = close < 0 ? -1 : value.indexOf(';', close);
        i = after < 0 ? value.length() : after + 1;
      } else {
        int end = nextSemi < 0 ? value.length() : nextSemi;
        v = value.substring(start, end).trim();
        i = end + 1;
      }
      if (params.put(key, v) != null) {
        throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "A header names the parameter '" + key + "' twice.");
      }
    }
    return new HeaderValue(type, params);
  }

  public String param(String name) {
    return params.get(name);
  }
}
