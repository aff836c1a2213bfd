package io.zeroprint.hostile;

import io.zeroprint.RawHttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zeroprint.Multipart;
import io.zeroprint.RawHttp;
import io.zeroprint.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Hostile requests: multipart bodies, HTTP framing and headers, and JWTs, each with its one answer. */
class HostileRequestsTest extends HostileTestBase {
  private static final String B = "hostile-boundary";
  private static final String MP = "multipart/form-data; boundary=" + B;

  // ---- multipart ----------------------------------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> multipart() {
    List<DynamicTest> t = new ArrayList<>();
    byte[] png = SMALL_PNG;
    t.add(mp("a multipart body whose Content-Type has no boundary is malformed", "multipart/form-data",
        new Multipart(B).file("image", "a.png", "image/png", png).build(), Expect.problem(400, "malformed_request")));
    t.add(mp("a multipart body whose boundary is never closed is malformed", MP,
        text("--" + B + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n", png),
        Expect.problem(400, "malformed_request")));
    t.add(mp("a multipart body with two image parts is refused", MP,
        new Multipart(B).file("image", "a.png", "image/png", png).file("image", "b.png", "image/png", png).build(),
        Expect.problem(400, "unexpected_part")));
    t.add(mp("a multipart body with an unknown file part is refused", MP,
        new Multipart(B).file("image", "a.png", "image/png", png).file("thumbnail", "b.png", "image/png", png).build(),
        Expect.problem(400, "unexpected_part")));
    t.add(mp("a multipart body with an unknown field is refused", MP,
        new Multipart(B).file("image", "a.png", "image/png", png).field("comment", "hi").build(),
        Expect.problem(400, "unexpected_part")));
    t.add(mp("a multipart body with five fields is malformed", MP,
        new Multipart(B).file("image", "a.png", "image/png", png).field("a", "1").field("b", "2").field("c", "3")
            .field("d", "4").field("e", "5").build(), Expect.problem(400, "malformed_request")));
    t.add(mp("an options field of 64 KB is refused", MP,
        new Multipart(B).file("image", "a.png", "image/png", png).field("options", "{\"x\":\"" + "a".repeat(65_000) + "\"}").build(),
        Expect.problem(400, "invalid_option")));
    t.add(mp("an options file part of 1 MB is refused", MP,
        new Multipart(B).file("image", "a.png", "image/png", png).file("options", "o.json", "application/json",
            ("{\"x\":\"" + "a".repeat(1_000_000) + "\"}").getBytes()).build(), Expect.problem(400, "invalid_option")));
    for (String[] o : new String[][] {{"not JSON", "scale=4"}, {"a JSON array", "[2,4]"}, {"a JSON string", "\"scale\""},
        {"JSON null", "null"}, {"JSON with a nested object value", "{\"scale\":{\"n\":2}}"},
        {"JSON with an array value", "{\"scale\":[2]}"}, {"JSON with a boolean value", "{\"scale\":true}"},
        {"JSON with a null value", "{\"scale\":null}"}, {"truncated JSON", "{\"scale\":"},
        {"JSON nested 10000 deep", "[".repeat(2000)}, {"JSON with a duplicated key", "{\"scale\":2,\"scale\":4}"}}) {
      Expect e = o[0].contains("duplicated") ? Expect.problem(400, "invalid_option") : Expect.problem(400, "invalid_option");
      t.add(mp("an options part that is " + o[0] + " is an invalid option", MP,
          new Multipart(B).file("image", "a.png", "image/png", png).field("options", o[1]).build(), e));
    }
    t.add(mp("valid options before the image are taken", MP,
        new Multipart(B).field("options", "{\"scale\":2}").file("image", "a.png", "image/png", png).build(), Expect.png()));
    t.add(mp("a part with no name is malformed", MP,
        text("--" + B + "\r\nContent-Disposition: form-data; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n", png,
            "\r\n--" + B + "--\r\n"), Expect.problem(400, "malformed_request")));
    t.add(mp("a part with no Content-Disposition is malformed", MP,
        text("--" + B + "\r\nContent-Type: image/png\r\n\r\n", png, "\r\n--" + B + "--\r\n"),
        Expect.problem(400, "malformed_request")));
    t.add(mp("a nested multipart/mixed image part is unpacked by the decoder and the PNG inside enhanced", MP,
        new Multipart(B).file("image", "a", "multipart/mixed; boundary=inner",
            text("--inner\r\nContent-Type: image/png\r\n\r\n", png, "\r\n--inner--\r\n")).build(), Expect.png()));
    t.add(mp("an image sent as a plain field is refused", MP,
        text("--" + B + "\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nnot-a-file\r\n--" + B + "--\r\n"),
        Expect.problem(400, "unexpected_part")));
    t.add(mp("a CRLF injected into a part's name does not smuggle a header", MP,
        text("--" + B + "\r\nContent-Disposition: form-data; name=\"ima\r\nge\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n",
            png, "\r\n--" + B + "--\r\n"), Expect.problem(400, "unexpected_part")));
    t.add(mp("a CRLF injected into a filename does not change the part", MP,
        text("--" + B + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\r\nContent-Type: text/html\"\r\n\r\n",
            png, "\r\n--" + B + "--\r\n"), Expect.png()));
    t.add(mp("an empty multipart body carries no image", MP, text("--" + B + "--\r\n"), Expect.problem(400, "missing_image")));
    t.add(mp("a multipart body with an empty image part carries no image", MP,
        new Multipart(B).file("image", "a.png", "image/png", new byte[0]).build(), Expect.problem(400, "missing_image")));
    t.add(mp("a multipart body whose parts use another boundary carries no image", MP,
        new Multipart("other").file("image", "a.png", "image/png", png).build(), Expect.problem(400, "missing_image")));
    t.add(mp("a multipart boundary of 200 characters (over RFC 2046's 70) is tolerated", "multipart/form-data; boundary=" + "x".repeat(200),
        new Multipart("x".repeat(200)).file("image", "a.png", "image/png", png).build(), Expect.png()));
    t.add(mp("multipart/mixed is not a media type we take", "multipart/mixed; boundary=" + B,
        new Multipart(B).file("image", "a.png", "image/png", png).build(), Expect.problem(415, "unsupported_media_type")));
    t.add(mp("a text/plain body is not a media type we take", "text/plain", png, Expect.problem(415, "unsupported_media_type")));
    t.add(mp("a body without Content-Type is not a media type we take", null, png,
        Expect.problem(415, "unsupported_media_type")));
    t.add(mp("an image/gif label on PNG bytes is enhanced (bytes decide)", "image/gif", png, Expect.png()));
    t.add(mp("an application/json body is not a media type we take", "application/json", "{}".getBytes(),
        Expect.problem(415, "unsupported_media_type")));
    t.add(stillHealthy("multipart cases"));
    return t.stream();
  }

  private DynamicTest mp(String name, String contentType, byte[] body, Expect e) {
    return hostile(name, () -> {
      HttpRequest.Builder b = bounded("/v1/enhance").POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      check(e, send(b.build()));
    });
  }

  // ---- HTTP framing and headers -------------------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> http() {
    List<DynamicTest> t = new ArrayList<>();
    String auth = authHeader();
    for (String m : new String[] {"PUT", "DELETE", "PATCH", "TRACE"}) {
      t.add(raw(m + " on /v1/enhance is not allowed", m + " /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth
          + "Content-Length: 0\r\nConnection: close\r\n\r\n", Expect.problem(405, "method_not_allowed")));
    }
    t.add(raw("GET on /v1/enhance is not allowed", "GET /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth + "Connection: close\r\n\r\n",
        Expect.problem(405, "method_not_allowed")));
    t.add(raw("an unknown method is not allowed", "BREW /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth
        + "Content-Length: 0\r\nConnection: close\r\n\r\n", Expect.problem(405, "method_not_allowed")));
    t.add(raw("Transfer-Encoding chunked wins over Content-Length, and the empty chunked body carries no image",
        "POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth + "Content-Type: image/png\r\nContent-Length: 5\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n", Expect.problem(400, "missing_image")));
    t.add(raw("Transfer-Encoding gzip, chunked is malformed",
        "POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth + "Content-Type: image/png\r\nTransfer-Encoding: gzip, chunked\r\n"
            + "Connection: close\r\n\r\n0\r\n\r\n", Expect.problem(400, "malformed_request")));
    t.add(raw("Transfer-Encoding xchunked is malformed",
        "POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth + "Content-Type: image/png\r\nTransfer-Encoding: xchunked\r\n"
            + "Connection: close\r\n\r\n0\r\n\r\n", Expect.problem(400, "malformed_request")));
    t.add(raw("a chunk size that is not hex is malformed",
        "POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth + "Content-Type: image/png\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", Expect.problem(400, "malformed_request")));
    t.add(raw("a chunk size of 2^64 is malformed",
        "POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth + "Content-Type: image/png\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\n10000000000000000\r\nabc\r\n0\r\n\r\n", Expect.problem(400, "malformed_request")));
    t.add(raw("two different Content-Length headers are malformed",
        "POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth + "Content-Type: image/png\r\nContent-Length: 4\r\nContent-Length: 8\r\n"
            + "Connection: close\r\n\r\n12345678", Expect.problem(400, "malformed_request")));
    t.add(raw("a Content-Length that is not a number is malformed",
        "POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth + "Content-Type: image/png\r\nContent-Length: 12abc\r\n"
            + "Connection: close\r\n\r\n", Expect.problem(400, "malformed_request")));
    t.add(raw("a negative Content-Length is malformed",
        "POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth + "Content-Type: image/png\r\nContent-Length: -1\r\n"
            + "Connection: close\r\n\r\n", Expect.problem(400, "malformed_request")));
    t.add(raw("Expect: 100-continue with an oversize length is refused before any body byte",
        "POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth + "Content-Type: image/png\r\nContent-Length: 999999999\r\n"
            + "Expect: 100-continue\r\n\r\n", Expect.problem(413, "payload_too_large")));
    t.add(raw("Expect: 100-continue without a token is refused before any body byte",
        "POST /v1/enhance HTTP/1.1\r\nHost: t\r\nContent-Type: image/png\r\nContent-Length: 1000000\r\n"
            + "Expect: 100-continue\r\n\r\n", Expect.problem(401, "unauthorized")));
    t.add(raw("headers over the limit are refused with a problem", "GET /v1/effects HTTP/1.1\r\nHost: t\r\nX-Big: "
        + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n", Expect.problem(431, "headers_too_large")));
    t.add(raw("a thousand small headers over the limit are refused with a problem", "GET /v1/effects HTTP/1.1\r\nHost: t\r\n"
        + "X-A: bbbbbbbbbbbbbbbbbbbb\r\n".repeat(1000) + "Connection: close\r\n\r\n", Expect.problem(431, "headers_too_large")));
    t.add(raw("an HTTP/1.1 request without Host is malformed", "GET /v1/effects HTTP/1.1\r\nConnection: close\r\n\r\n",
        Expect.problem(400, "malformed_request")));
    t.add(raw("an HTTP/1.1 request with two Host headers is malformed",
        "GET /v1/effects HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n", Expect.problem(400, "malformed_request")));
    t.add(raw("an absolute-form URI is served like its path", "GET http://127.0.0.1/v1/effects HTTP/1.1\r\nHost: t\r\n"
        + "Connection: close\r\n\r\n", Expect.ok("application/json")));
    t.add(raw("an absolute-form URI to /metrics still needs a token", "GET http://127.0.0.1/metrics HTTP/1.1\r\nHost: t\r\n"
        + "Connection: close\r\n\r\n", Expect.problem(401, "unauthorized")));
    t.add(raw("/v1/../metrics without a token is refused", "GET /v1/../metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        Expect.problem(401, "unauthorized")));
    t.add(raw("/health/../metrics without a token is refused",
        "GET /health/../metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", Expect.problem(401, "unauthorized")));
    t.add(raw("/health/%2e%2e/metrics without a token is refused",
        "GET /health/%2e%2e/metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", Expect.problem(401, "unauthorized")));
    t.add(raw("/v1/jobs/../../metrics with an enhance-only token is forbidden",
        "GET /v1/jobs/../../metrics HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TestTokens.token("p", "enhance")
            + "\r\nConnection: close\r\n\r\n", Expect.problem(403, "forbidden")));
    t.add(raw("a %00 in the path is not found", "GET /v1/jobs/abc%00def HTTP/1.1\r\nHost: t\r\n" + auth
        + "Connection: close\r\n\r\n", Expect.problem(404, "not_found")));
    t.add(raw("a %00 after /v1/enhance is not found", "POST /v1/enhance%00 HTTP/1.1\r\nHost: t\r\n" + auth
        + "Content-Length: 0\r\nConnection: close\r\n\r\n", Expect.problem(404, "not_found")));
    t.add(raw("an over-long URI is refused with a problem", "GET /v1/effects?" + "a".repeat(10_000)
        + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", Expect.problem(414, "uri_too_long")));
    for (String[] q : new String[][] {{"a malformed percent-escape", "scale=%zz"}, {"a truncated percent-escape", "scale=2%"}}) {
      t.add(hostile(q[0] + " in the query is malformed", () -> {
        RawAnswer a = exchange(concat(("POST /v1/enhance?" + q[1] + " HTTP/1.1\r\nHost: t\r\n" + auth
            + "Content-Type: image/png\r\nContent-Length: " + SMALL_PNG.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1), SMALL_PNG));
        a.check(Expect.problem(400, "malformed_request"));
      }));
    }
    t.add(rawPng("a repeated query parameter is an invalid option", "/v1/enhance?scale=2&scale=4",
        Expect.problem(400, "invalid_option")));
    t.add(rawPng("a query of 3000 parameters is an invalid option", "/v1/enhance?" + "a=1&".repeat(700),
        Expect.problem(400, "invalid_option")));
    t.add(rawPng("a query parameter with a NUL is an invalid option", "/v1/enhance?scale=2%00",
        Expect.problem(400, "invalid_option")));
    t.add(rawPng("a scale of 1e999 is an invalid option", "/v1/enhance?scale=1e999", Expect.problem(400, "invalid_option")));
    t.add(rawPng("a scale of -2 is an invalid option", "/v1/enhance?scale=-2", Expect.problem(400, "invalid_option")));
    t.add(rawPng("an effect name with a path in it is an unknown effect", "/v1/enhance?effect=..%2F..%2Fetc",
        Expect.problem(400, "unknown_effect")));
    t.add(raw("a header line without a colon is malformed", "GET /v1/effects HTTP/1.1\r\nHost: t\r\nNoColonHere\r\n"
        + "Connection: close\r\n\r\n", Expect.problem(400, "malformed_request")));
    t.add(hostile("a body declared at 1 MiB but never sent gets no answer before the idle timeout, and no memory leaks",
        () -> {
          try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(("POST /v1/enhance HTTP/1.1\r\nHost: t\r\n" + auth
                + "Content-Type: image/png\r\nContent-Length: 1048576\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(300);
          }
        }));
    t.add(stillHealthy("HTTP framing cases"));
    return t.stream();
  }

  private DynamicTest raw(String name, String request, Expect e) {
    return hostile(name, () -> exchange(request).check(e));
  }

  private DynamicTest rawPng(String name, String pathAndQuery, Expect e) {
    return hostile(name, () -> check(e, postBytes(pathAndQuery, "image/png", SMALL_PNG)));
  }

  // ---- JWT ----------------------------------------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> jwt() {
    List<DynamicTest> t = new ArrayList<>();
    JsonObject good = TestTokens.claims("jwt-subject", "enhance");
    long now = System.currentTimeMillis() / 1000;
    t.add(token("a token with alg none is unauthorized", TestTokens.unsigned(good), Expect.problem(401, "unauthorized")));
    t.add(token("an HS256 token signed with the public key is unauthorized", TestTokens.hs256WithPublicKey(good),
        Expect.problem(401, "unauthorized")));
    t.add(token("an expired token is unauthorized", TestTokens.sign(good.copy().put("exp", now - 3600)),
        Expect.problem(401, "unauthorized")));
    t.add(token("a token without exp is unauthorized", TestTokens.sign(without(good, "exp")), Expect.problem(401, "unauthorized")));
    t.add(token("a token whose exp is a string is unauthorized", TestTokens.sign(good.copy().put("exp", Long.toString(now + 3600))),
        Expect.problem(401, "unauthorized")));
    t.add(token("a token whose exp is a float is unauthorized or taken as seconds", TestTokens.sign(good.copy().put("exp", 1.5)),
        Expect.problem(401, "unauthorized")));
    t.add(token("a validly signed token whose exp is 10^30 is taken (far future, not an error)",
        TestTokens.sign(good.copy().put("exp", new java.math.BigInteger("1000000000000000000000000000000"))),
        Expect.png()));
    t.add(token("a token whose sub is a number is unauthorized", TestTokens.sign(good.copy().put("sub", 42)),
        Expect.problem(401, "unauthorized")));
    t.add(token("a token whose sub is an object is unauthorized", TestTokens.sign(good.copy().put("sub", new JsonObject().put("id", 1))),
        Expect.problem(401, "unauthorized")));
    t.add(token("a token whose sub is an array is unauthorized", TestTokens.sign(good.copy().put("sub", new JsonArray().add("a"))),
        Expect.problem(401, "unauthorized")));
    t.add(token("a token whose sub is empty is unauthorized", TestTokens.sign(good.copy().put("sub", "")),
        Expect.problem(401, "unauthorized")));
    t.add(token("a token without sub is unauthorized", TestTokens.sign(without(good, "sub")), Expect.problem(401, "unauthorized")));
    t.add(token("a token from another issuer is unauthorized", TestTokens.sign(good.copy().put("iss", "https://evil.test")),
        Expect.problem(401, "unauthorized")));
    t.add(token("a token for another audience is unauthorized", TestTokens.sign(good.copy().put("aud", "someone-else")),
        Expect.problem(401, "unauthorized")));
    t.add(token("a token not valid before next hour is unauthorized", TestTokens.sign(good.copy().put("nbf", now + 3600)),
        Expect.problem(401, "unauthorized")));
    t.add(token("a token whose scope is a number is forbidden", TestTokens.sign(good.copy().put("scope", 7)),
        Expect.problem(403, "forbidden")));
    t.add(token("garbage base64 is unauthorized", "%%%.***.$$$", Expect.problem(401, "unauthorized")));
    t.add(token("a token with only two parts is unauthorized", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0",
        Expect.problem(401, "unauthorized")));
    t.add(token("a token whose header is not JSON is unauthorized", "bm90IGpzb24.eyJzdWIiOiJ4In0.c2ln",
        Expect.problem(401, "unauthorized")));
    String signed = TestTokens.sign(good);
    t.add(token("a token with its signature cut off is unauthorized", signed.substring(0, signed.lastIndexOf('.') + 1),
        Expect.problem(401, "unauthorized")));
    t.add(token("a token with a flipped signature byte is unauthorized", flipLast(signed), Expect.problem(401, "unauthorized")));
    t.add(token("a 10 KB token is unauthorized", "a".repeat(10_240), Expect.problem(401, "unauthorized")));
    t.add(token("a token for the admin scope only is forbidden on enhance", TestTokens.token("admin-only", "admin"),
        Expect.problem(403, "forbidden")));
    t.add(token("a token with no scope is forbidden on enhance", TestTokens.sign(without(good, "scope")),
        Expect.problem(403, "forbidden")));
    t.add(hostile("an enhance token is forbidden on /metrics", () -> check(Expect.problem(403, "forbidden"),
        send(HttpRequest.newBuilder(uri("/metrics")).timeout(CASE_BOUND).header("Authorization", "Bearer " + signed).GET().build()))));
    t.add(hostile("a token in the query string is not accepted", () -> check(Expect.problem(401, "unauthorized"),
        send(HttpRequest.newBuilder(uri("/v1/enhance?access_token=" + signed)).timeout(CASE_BOUND)
            .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(SMALL_PNG)).build()))));
    t.add(hostile("a Basic authorization is unauthorized", () -> check(Expect.problem(401, "unauthorized"),
        send(HttpRequest.newBuilder(uri("/v1/me/data")).timeout(CASE_BOUND).header("Authorization", "Basic dTpw").GET().build()))));
    t.add(hostile("an empty Bearer is unauthorized", () -> check(Expect.problem(401, "unauthorized"),
        send(HttpRequest.newBuilder(uri("/v1/me/data")).timeout(CASE_BOUND).header("Authorization", "Bearer ").GET().build()))));
    t.add(hostile("an unauthenticated body is not read past a small bound: the connection is closed", () -> {
      // A declared body over the bound is not waited for at all: 401, "Connection: close", hang up.
      try (RawHttp raw = new RawHttp(server.port(), CASE_BOUND)) {
        String head = raw.head("POST /v1/enhance HTTP/1.1\r\nHost: t\r\nContent-Type: image/png\r\nContent-Length: "
            + (MAX_UPLOAD - 1) + "\r\n").readResponseHead();
        assertEquals(401, RawHttp.status(head), head);
        assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
        assertTrue(raw.readAll().endsWith("}"), "the problem body, then the end of the connection");
      }
    }));
    t.add(hostile("an unauthenticated chunked body is not read past a small bound: the connection is closed", () -> {
      long sent = unauthenticatedUpload("Transfer-Encoding: chunked\r\n", true);
      // Up to 8 MiB are offered; the loopback socket buffers take a few MB before the close is seen.
      assertTrue(sent < 8L << 20, "the server took all " + sent + " bytes of an unauthenticated body");
    }));
    t.add(stillHealthy("JWT cases"));
    return t.stream();
  }

  private DynamicTest token(String name, String jwt, Expect e) {
    return hostile(name, () -> check(e, send(HttpRequest.newBuilder(uri("/v1/enhance")).timeout(CASE_BOUND)
        .header("Authorization", "Bearer " + jwt).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(SMALL_PNG)).build())));
  }

  /**
   * Sends an unauthenticated upload (up to 8 MiB, after the 401 keeps coming) and returns how many
   * bytes the server took before it closed the connection; the 401 must have come first.
   */
  private long unauthenticatedUpload(String framing, boolean chunked) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout((int) CASE_BOUND.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/enhance HTTP/1.1\r\nHost: t\r\nContent-Type: image/png\r\n" + framing + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      byte[] piece = new byte[16 * 1024];
      long sent = 0;
      long max = chunked ? 8L << 20 : MAX_UPLOAD - 1;
      InputStream in = s.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      try {
        while (sent < max) {
          if (chunked) {
            out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          }
          out.write(piece);
          if (chunked) {
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
          }
          out.flush();
          sent += piece.length;
          while (in.available() > 0) {
            answer.write(in.read());
          }
        }
      } catch (java.io.IOException closed) {
        // the server closed the connection: what we want
      }
      String a = answer.toString(StandardCharsets.ISO_8859_1);
      if (!a.startsWith("HTTP/1.1 401")) {
        RawAnswer rest = readAnswer(in);
        assertTrue(a.startsWith("HTTP/1.1 401") || rest.status() == 401, "no 401 before the body: " + a);
      }
      return sent;
    }
  }

  private static JsonObject without(JsonObject o, String key) {
    JsonObject c = o.copy();
    c.remove(key);
    return c;
  }

  private static String flipLast(String jwt) {
    char last = jwt.charAt(jwt.length() - 2);
    return jwt.substring(0, jwt.length() - 2) + (last == 'A' ? 'B' : 'A') + jwt.charAt(jwt.length() - 1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return io.zeroprint.image.ScanInputs.concat(a, b);
  }

  private static byte[] text(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      out.writeBytes(p instanceof byte[] b ? b : ((String) p).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
