package io.zeroprint.webhooks;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * A job's callback, checked when the job is admitted: {@code https} (or {@code http} to a loopback
 * host in development mode), a host on the allow-list, no credentials or fragment, and an address
 * literal already judged by the {@link AddressPolicy}. Names are resolved and judged at delivery.
 *
 * @param host         the host as named (sent as {@code Host} and SNI); the only part ever shown or logged
 * @param pathAndQuery what the request line asks for
 */
public record WebhookTarget(boolean tls, String host, int port, String pathAndQuery) {
  static final int MAX_LENGTH = 2048;

  /** Parses and checks {@code url}, or throws the problem that refuses it. */
  static WebhookTarget parse(String url, Set<String> allowed, boolean development, AddressPolicy policy) {
    if (allowed.isEmpty()) {
      throw new ProblemException(ErrorCode.WEBHOOKS_DISABLED);
    }
    if (url.length() > MAX_LENGTH) {
      throw refused("the URL is longer than " + MAX_LENGTH + " characters.");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw refused("it is not an absolute URL.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
    if (host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null || !uri.isAbsolute()) {
      throw refused("it must be https://host[:port]/path, without credentials or fragment.");
    }
    boolean loopbackName = isLoopbackName(host);
    if (!scheme.equals("https") && !(scheme.equals("http") && development && loopbackName)) {
      throw refused("it must use https (plain http only to this machine in development mode).");
    }
    if (!allowed.contains(host)) {
      throw refused("its host is not on this server's webhook allow-list.");
    }
    if (literal(host)) {
      policy.refusal(address(host)).ifPresent(why -> {
        throw refused("it names a " + why + " address.");
      });
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new WebhookTarget(scheme.equals("https"), host, port, uri.getRawQuery() == null ? path : path + "?"
        + uri.getRawQuery());
  }

  /** The host as it is connected to: IPv6 literals lose their brackets. */
  String connectHost() {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean isLoopbackName(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  private static boolean literal(String host) {
    return host.startsWith("[") || host.matches("[0-9.]+");
  }

  /** An address literal: parsed without any lookup. */
  private static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    } catch (UnknownHostException e) {
      throw refused("its address is not valid.");
    }
  }

  private static ProblemException refused(String why) {
    return new ProblemException(ErrorCode.WEBHOOK_NOT_ALLOWED, "The webhook is refused: " + why);
  }
}
