package io.zeroprint.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without ever asking DNS: a dotted quad or an IPv6 literal (optionally
 * in brackets), nothing else. IPv4-mapped IPv6 addresses come out as IPv4, so one client has one form.
 */
public final class IpLiteral {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpLiteral() {}

  /** The address's bytes (4 or 16), or empty when {@code text} is not an address literal. */
  public static Optional<InetAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    } else if (!s.contains(":") && !IPV4.matcher(s).matches()) {
      return Optional.empty();
    }
    boolean v6 = s.contains(":");
    if (v6 && (!IPV6.matcher(s).matches() || !s.contains("::") && s.chars().filter(c -> c == ':').count() < 2)) {
      return Optional.empty();
    }
    if (!v6 && !IPV4.matcher(s).matches()) {
      return Optional.empty();
    }
    try {
      // A literal (checked above) is parsed by the JDK without a lookup.
      return Optional.of(InetAddress.getByName(v6 ? "[" + s + "]" : s));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
