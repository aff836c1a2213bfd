package io.zeroprint.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which resolved addresses a webhook may be sent to: public unicast only. Checked on the address the
 * connection is then made to, so neither a name pointing inside nor a name that changes its answer
 * (DNS rebinding) reaches an internal service. IPv6 forms that carry an IPv4 address (mapped,
 * compatible, NAT64, 6to4) are judged by that address, or refused when they cannot be.
 */
public final class AddressPolicy {
  private final boolean loopbackAllowed;

  /** @param loopbackAllowed development mode: loopback receivers (this machine) are allowed */
  public AddressPolicy(boolean loopbackAllowed) {
    this.loopbackAllowed = loopbackAllowed;
  }

  /** Why {@code a} is refused, or empty when a webhook may be sent there. */
  public Optional<String> refusal(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return loopbackAllowed ? Optional.empty() : Optional.of("loopback");
    }
    return a instanceof Inet4Address v4 ? v4(v4.getAddress()) : v6(((Inet6Address) a).getAddress());
  }

  public boolean allows(InetAddress a) {
    return refusal(a).isEmpty();
  }

  private Optional<String> v4(byte[] b) {
    int x = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    if (in(x, 0x7f000000, 8)) {
      return loopbackAllowed ? Optional.empty() : Optional.of("loopback");
    }
    if (in(x, 0x00000000, 8)) {
      return Optional.of("unspecified");
    }
    if (in(x, 0x0a000000, 8) || in(x, 0xac100000, 12) || in(x, 0xc0a80000, 16)) {
      return Optional.of("private");
    }
    if (in(x, 0xa9fe0000, 16)) {
      return Optional.of("link-local"); // 169.254.169.254, the cloud metadata service, among them
    }
    if (in(x, 0x64400000, 10)) {
      return Optional.of("shared (CGNAT)");
    }
    if (in(x, 0xe0000000, 4)) {
      return Optional.of("multicast");
    }
    if (in(x, 0xf0000000, 4)) {
      return Optional.of("reserved"); // 255.255.255.255 included
    }
    if (in(x, 0xc0000000, 24) || in(x, 0xc6120000, 15) || in(x, 0xc0000200, 24) || in(x, 0xc6336400, 24)
        || in(x, 0xcb007100, 24) || in(x, 0xc0586300, 24)) {
      return Optional.of("special-purpose"); // protocol assignments, benchmarking, documentation, 6to4 relay
    }
    return Optional.empty();
  }

  private Optional<String> v6(byte[] b) {
    if (zero(b, 0, 15) && (b[15] == 0 || b[15] == 1)) {
      return Optional.of(b[15] == 0 ? "unspecified" : "loopback");
    }
    if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return embedded(b, 12, "IPv4-mapped");
    }
    if (zero(b, 0, 12)) {
      return embedded(b, 12, "IPv4-compatible");
    }
    if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      return embedded(b, 12, "NAT64"); // 64:ff9b::/96 and 64:ff9b:1::/48
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return embedded(b, 2, "6to4");
    }
    int first = b[0] & 0xff;
    if ((first & 0xfe) == 0xfc) {
      return Optional.of("unique-local"); // fd00:ec2::254, the cloud metadata service, among them
    }
    if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
      return Optional.of("link-local");
    }
    if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
      return Optional.of("site-local");
    }
    if (first == 0xff) {
      return Optional.of("multicast");
    }
    if (first == 0x20 && b[1] == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return Optional.of("documentation");
    }
    if (first == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
      return Optional.of("Teredo"); // carries an obfuscated IPv4 address
    }
    if (first == 0x01 && zero(b, 1, 8)) {
      return Optional.of("discard-only");
    }
    return Optional.empty();
  }

  /** An IPv6 form carrying an IPv4 address: judged by that address, never let through to loopback. */
  private Optional<String> embedded(byte[] b, int from, String form) {
    byte[] v4 = {b[from], b[from + 1], b[from + 2], b[from + 3]};
    Optional<String> inner = new AddressPolicy(false).v4(v4);
    return inner.map(r -> form + " " + r);
  }

  private static boolean in(int x, int net, int bits) {
    int mask = bits == 0 ? 0 : -1 << (32 - bits);
    return (x & mask) == (net & mask);
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
