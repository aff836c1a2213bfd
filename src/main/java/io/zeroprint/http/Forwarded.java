package io.zeroprint.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code for=} node of every element of RFC 7239 {@code Forwarded} headers, in order:
 * elements separated by commas, pairs by semicolons, values a token or a quoted string (which may
 * hold a bracketed IPv6 address and a port). Anything that does not parse makes the whole chain
 * unreadable, and so worthless.
 */
final class Forwarded {
  private Forwarded() {}

  static Optional<List<String>> forChain(List<String> headers) {
    List<String> chain = new ArrayList<>();
    for (String header : headers) {
      for (String element : split(header, ',')) {
        String node = null;
        for (String pair : split(element, ';')) {
          if (pair.isBlank()) {
            continue;
          }
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            return Optional.empty();
          }
          String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
          Optional<String> value = value(pair.substring(eq + 1).trim());
          if (value.isEmpty()) {
            return Optional.empty();
          }
          if (name.equals("for")) {
            if (node != null) {
              return Optional.empty(); // two for= in one element
            }
            node = value.get();
          }
        }
        if (node == null) {
          return Optional.empty(); // a hop that did not say whom it forwarded for
        }
        chain.add(node);
      }
    }
    return chain.isEmpty() ? Optional.empty() : Optional.of(chain);
  }

  /** {@code 192.0.2.1:4711} → {@code 192.0.2.1}; {@code [2001:db8::1]:4711} → {@code [2001:db8::1]}; else unchanged. */
  static String stripPort(String node) {
    String s = node.trim();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      return close < 0 ? s : s.substring(0, close + 1);
    }
    int colon = s.indexOf(':');
    return colon >= 0 && colon == s.lastIndexOf(':') ? s.substring(0, colon) : s;
  }

  /** A token, or a quoted string with its escapes undone; empty when it is neither. */
  private static Optional<String> value(String v) {
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < v.length() - 1; i++) {
        char c = v.charAt(i);
        if (c == '\\' && i + 1 < v.length() - 1) {
          c = v.charAt(++i);
        } else if (c == '"' || c == '\\') {
          return Optional.empty();
        }
        out.append(c);
      }
      return Optional.of(out.toString());
    }
    return v.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") ? Optional.of(v) : Optional.empty();
  }

  /** Splits on {@code separator} outside quoted strings. */
  private static List<String> split(String s, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\' && i + 1 < s.length()) {
        current.append(c).append(s.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }
}
