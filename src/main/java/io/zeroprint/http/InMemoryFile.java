package io.zeroprint.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A file served from memory: its bytes, media type and strong ETag (a hash of the content). */
record InMemoryFile(Buffer body, String contentType, String etag) {

  static InMemoryFile of(byte[] bytes, String contentType) {
    return new InMemoryFile(Buffer.buffer(bytes), contentType, etagOf(bytes));
  }

  /**
   * Answers a GET or HEAD with it. Revalidated on every use ({@code no-cache}): a deploy is seen at
   * once, and an unchanged file costs a 304. Headers of the caller's own (a CSP) are set before.
   */
  void send(RoutingContext rc) {
    MultiMap h = rc.response().headers();
    h.set(HttpHeaders.CACHE_CONTROL, "no-cache");
    h.set(HttpHeaders.ETAG, etag);
    if (matches(rc.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      rc.response().setStatusCode(304).end();
      return;
    }
    h.set(HttpHeaders.CONTENT_TYPE, contentType);
    h.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
    if (rc.request().method() == HttpMethod.HEAD) {
      rc.response().end();
    } else {
      rc.response().end(body);
    }
  }

  /** {@code If-None-Match}: a list of tags or {@code *}; compared weakly, as RFC 9110 13.1.2 says. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static String etagOf(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
