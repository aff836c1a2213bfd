package io.zeroprint.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Address literals only: the policy is judged without a lookup and without sending anything anywhere. */
class AddressPolicyTest {
  private static final AddressPolicy PRODUCTION = new AddressPolicy(false);
  private static final AddressPolicy DEVELOPMENT = new AddressPolicy(true);

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, loopback", "127.255.1.2, loopback", "::1, loopback",
      "0.0.0.0, unspecified", "0.1.2.3, unspecified", "::, unspecified",
      "10.0.0.1, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.1, private",
      "169.254.169.254, link-local", "169.254.0.1, link-local", "fe80::1, link-local", "febf::1, link-local",
      "100.64.0.1, shared (CGNAT)", "100.127.255.254, shared (CGNAT)",
      "224.0.0.1, multicast", "239.255.255.250, multicast", "ff02::1, multicast",
      "255.255.255.255, reserved", "240.0.0.1, reserved",
      "fd00:ec2::254, unique-local", "fc00::1, unique-local", "fdff:ffff::1, unique-local",
      "fec0::1, site-local",
      "192.0.2.1, special-purpose", "198.18.0.1, special-purpose", "192.0.0.170, special-purpose",
      "2001:db8::1, documentation", "2001:0:4136:e378:8000:63bf:3fff:fdd2, Teredo", "100::1, discard-only",
      "::127.0.0.1, IPv4-compatible loopback", "::169.254.169.254, IPv4-compatible link-local",
      "::10.0.0.1, IPv4-compatible private",
      "64:ff9b::a9fe:a9fe, NAT64 link-local", "64:ff9b::7f00:1, NAT64 loopback",
      "2002:a9fe:a9fe::1, 6to4 link-local", "2002:c0a8:0101::1, 6to4 private",
  })
  void internalAddressesAreRefusedInProductionSayingWhy(String literal, String why) throws Exception {
    assertEquals(Optional.of(why), PRODUCTION.refusal(InetAddress.getByName(literal)), literal);
  }

  @ParameterizedTest
  @CsvSource({
      "::ffff:127.0.0.1, loopback", "::ffff:169.254.169.254, link-local", "::ffff:10.1.2.3, private",
      "::ffff:0.0.0.0, unspecified", "::ffff:100.64.1.1, shared (CGNAT)",
  })
  void ipv4MappedFormsAreJudgedAsTheAddressTheyCarry(String literal, String why) throws Exception {
    assertEquals(Optional.of(why), PRODUCTION.refusal(InetAddress.getByName(literal)), literal);
    // getByAddress(null, bytes, -1) keeps the Inet6Address (InetAddress.getByAddress would make it IPv4).
    Inet6Address raw = Inet6Address.getByAddress(null, mapped(literal), -1);
    assertEquals(16, raw.getAddress().length, "still the IPv6 form");
    assertEquals(Optional.of("IPv4-mapped " + why), PRODUCTION.refusal(raw), "as an Inet6Address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "169.255.0.1",
      "2606:4700:4700::1111", "2a00:1450:4001:80e::200e", "::ffff:8.8.8.8", "64:ff9b::808:808"})
  void publicUnicastAddressesAreAllowed(String literal) throws Exception {
    assertTrue(PRODUCTION.allows(InetAddress.getByName(literal)), literal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1"})
  void developmentModeAllowsLoopbackOnly(String literal) throws Exception {
    assertTrue(DEVELOPMENT.allows(InetAddress.getByName(literal)), literal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "10.0.0.1", "fd00:ec2::254", "0.0.0.0", "::", "::ffff:169.254.169.254",
      "::127.0.0.1", "64:ff9b::7f00:1"})
  void developmentModeStillRefusesEverythingElseInternal(String literal) throws Exception {
    assertTrue(DEVELOPMENT.refusal(InetAddress.getByName(literal)).isPresent(), literal);
  }

  /** {@code ::ffff:a.b.c.d} as 16 bytes. */
  private static byte[] mapped(String literal) throws Exception {
    byte[] v4 = InetAddress.getByName(literal.substring("::ffff:".length())).getAddress();
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    System.arraycopy(v4, 0, b, 12, 4);
    return b;
  }
}
