package io.zeroprint.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.config.ConfigException;
import io.zeroprint.config.ConfigLoader;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Trusted-proxy networks: literals only (never a name to look up), prefixes counted to the bit. */
class CidrTest {

  @Test
  void aNetworkHoldsExactlyTheAddressesItsPrefixCovers() {
    Cidr ten = Cidr.parse("10.0.0.0/8").orElseThrow();
    assertTrue(ten.contains(ip("10.255.1.2")));
    assertFalse(ten.contains(ip("11.0.0.1")));
    Cidr odd = Cidr.parse("192.0.2.64/26").orElseThrow();
    assertTrue(odd.contains(ip("192.0.2.127")));
    assertFalse(odd.contains(ip("192.0.2.128")));
    Cidr v6 = Cidr.parse("2001:db8::/32").orElseThrow();
    assertTrue(v6.contains(ip("2001:db8:ffff::1")));
    assertFalse(v6.contains(ip("2001:db9::1")));
    assertFalse(v6.contains(ip("192.0.2.1")), "an IPv4 address is never in an IPv6 network");
    assertTrue(Cidr.parse("::1").orElseThrow().contains(ip("::1")), "a bare address is a /128");
    assertTrue(Cidr.parse("0.0.0.0/0").orElseThrow().contains(ip("203.0.113.9")));
  }

  @Test
  void namesAndMalformedEntriesAreNotNetworks() {
    for (String bad : new String[] {"example.com", "localhost", "1.2.3", "10.0.0.0/33", "::1/129", "10.0.0.0/", "/8",
        "256.1.1.1", "10.0.0.0/8/8", "fe80::1%eth0", "01.2.3.4", ""}) {
      assertTrue(Cidr.parse(bad).isEmpty(), bad);
    }
  }

  @Test
  void aBadTrustedProxiesSettingStopsStartUpNamingIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromJson(new JsonObject()
        .put("http", new JsonObject().put("trustedProxies", "10.0.0.0/8, ingress.example"))));
    assertEquals("http.trustedProxies", e.setting());
    assertTrue(e.getMessage().contains("ingress.example"), e.getMessage());
  }

  private static InetAddress ip(String literal) {
    return IpLiteral.parse(literal).orElseThrow();
  }
}
