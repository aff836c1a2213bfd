package io.zeroprint.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a /32 or /128). */
public record Cidr(byte[] network, int bits) {

  /** Parses {@code text}, or empty when it is not an address literal with an optional prefix length. */
  public static Optional<Cidr> parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    Optional<InetAddress> address = IpLiteral.parse(slash < 0 ? s : s.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = address.get().getAddress();
    int max = bytes.length * 8;
    int bits = max;
    if (slash >= 0) {
      String len = s.substring(slash + 1);
      if (!len.matches("\\d{1,3}") || Integer.parseInt(len) > max) {
        return Optional.empty();
      }
      bits = Integer.parseInt(len);
    }
    return Optional.of(new Cidr(bytes, bits));
  }

  /** A comma-separated list; throws {@link IllegalArgumentException} naming the first bad entry. */
  public static List<Cidr> parseList(String csv) {
    List<Cidr> out = new ArrayList<>();
    for (String entry : csv.split(",")) {
      if (!entry.isBlank()) {
        out.add(parse(entry).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + entry.trim())));
      }
    }
    return List.copyOf(out);
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }
}
