package io.zeroprint.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.zeroprint.net.Cidr;
import io.zeroprint.net.IpLiteral;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client address the per-address limits count, and nothing else (it is never logged): the
 * socket's peer, unless the peer is one of {@code http.trustedProxies}; then the nearest address in
 * RFC 7239 {@code Forwarded: for=} (or, without that header, {@code X-Forwarded-For}) that is not
 * itself a trusted proxy. A header that cannot be read whole counts for nothing: the peer it is.
 */
final class ClientAddress {
  private static final String UNKNOWN = "unknown";

  private final List<Cidr> trusted;

  ClientAddress(List<Cidr> trusted) {
    this.trusted = trusted;
  }

  String of(HttpServerRequest req) {
    SocketAddress peer = req.remoteAddress();
    if (peer == null || peer.hostAddress() == null) {
      return UNKNOWN;
    }
    String peerText = peer.hostAddress();
    if (trusted.isEmpty()) {
      return peerText;
    }
    Optional<InetAddress> peerAddress = IpLiteral.parse(peerText);
    if (peerAddress.isEmpty() || !isTrusted(peerAddress.get())) {
      return peerText;
    }
    List<String> forwarded = req.headers().getAll("Forwarded");
    Optional<List<String>> chain = !forwarded.isEmpty() ? Forwarded.forChain(forwarded)
        : xForwardedFor(req.headers().getAll("X-Forwarded-For"));
    return chain.flatMap(this::nearestUntrusted).map(InetAddress::getHostAddress).orElse(peerText);
  }

  /** From the right (the hop nearest to us): the first address that is not one of our proxies. */
  private Optional<InetAddress> nearestUntrusted(List<String> chain) {
    InetAddress last = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      Optional<InetAddress> a = IpLiteral.parse(Forwarded.stripPort(chain.get(i)));
      if (a.isEmpty()) {
        return Optional.empty(); // "unknown", an obfuscated name or garbage: the chain cannot be followed
      }
      if (!isTrusted(a.get())) {
        return a;
      }
      last = a.get();
    }
    return Optional.ofNullable(last); // every hop is ours: the first one is the client
  }

  private static Optional<List<String>> xForwardedFor(List<String> headers) {
    List<String> chain = new ArrayList<>();
    for (String header : headers) {
      for (String hop : header.split(",", -1)) {
        if (hop.isBlank()) {
          return Optional.empty();
        }
        chain.add(hop.trim());
      }
    }
    return chain.isEmpty() ? Optional.empty() : Optional.of(chain);
  }

  private boolean isTrusted(InetAddress a) {
    for (Cidr c : trusted) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }
}
