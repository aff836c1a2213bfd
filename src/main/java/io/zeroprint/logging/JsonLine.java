package io.zeroprint.logging;

/**
 * Builds one JSON object as ASCII text, every string bounded. ASCII only (anything else as a
 * {@code \\uXXXX} escape, non-BMP characters as their surrogate pair) so the console's charset can
 * never turn a line into something a parser rejects; a lone surrogate becomes U+FFFD.
 */
final class JsonLine {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  static final String CUT = "…";

  private final StringBuilder sb = new StringBuilder(256).append('{');

  JsonLine string(String key, String value, int maxChars) {
    key(key);
    quoted(value, maxChars);
    return this;
  }

  JsonLine number(String key, Number value) {
    key(key);
    double d = value.doubleValue();
    sb.append(Double.isFinite(d) ? value.toString() : "null");
    return this;
  }

  JsonLine bool(String key, boolean value) {
    key(key);
    sb.append(value);
    return this;
  }

  /** A nested object or array already rendered by another {@code JsonLine}. */
  JsonLine raw(String key, String json) {
    key(key);
    sb.append(json);
    return this;
  }

  String end() {
    return sb.append('}').toString();
  }

  private void key(String key) {
    if (sb.length() > 1) {
      sb.append(',');
    }
    quoted(key, 64);
    sb.append(':');
  }

  /** Appends {@code s} as a JSON string of at most about {@code maxChars} escaped characters. */
  private void quoted(String s, int maxChars) {
    sb.append('"');
    appendEscaped(sb, s, maxChars);
    sb.append('"');
  }

  static void appendEscaped(StringBuilder sb, String s, int maxChars) {
    int limit = sb.length() + maxChars;
    for (int i = 0; i < s.length(); i++) {
      if (sb.length() >= limit) {
        sb.append("\\u2026"); // the ellipsis: this value was cut
        return;
      }
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (sb.length() + 12 > limit) {
          sb.append("\\u2026"); // never half a pair
          return;
        }
        unicode(sb, c);
        unicode(sb, s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        unicode(sb, '\ufffd');
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || c >= 0x7f) {
        unicode(sb, c);
      } else {
        sb.append(c);
      }
    }
  }

  private static void unicode(StringBuilder sb, char c) {
    sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
  }
}
