package io.zeroprint.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The one correct answer to a hostile case: a 2xx with a media type, or an RFC 9457 problem with an
 * exact status and stable code (over WebSocket: an error message with that code, or a close code).
 */
public record Expect(int status, String code, String mediaType, int closeCode) {
  public static Expect ok(String mediaType) {
    return new Expect(200, null, mediaType, 0);
  }

  public static Expect png() {
    return ok("image/png");
  }

  public static Expect problem(int status, String code) {
    return new Expect(status, code, null, 0);
  }

  /** A WebSocket close by the server with this code. */
  public static Expect close(int closeCode) {
    return new Expect(0, null, null, closeCode);
  }

  public static Expect corrupt() {
    return problem(422, "corrupt_image");
  }

  public static Expect unsupportedFormat() {
    return problem(415, "unsupported_image_format");
  }

  public boolean success() {
    return status >= 200 && status < 300;
  }

  @Override
  public String toString() {
    if (closeCode != 0) {
      return "close " + closeCode;
    }
    return success() ? status + " " + mediaType : status + " " + code;
  }

  /** Checks an HTTP answer: status, content type and (for a problem) the problem document. */
  public void check(int actualStatus, String contentType, byte[] body) {
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    boolean readable = contentType != null && (contentType.contains("json") || contentType.startsWith("text"));
    String shown = !readable ? body.length + " bytes of " + contentType : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    if (success()) {
      assertEquals(status, actualStatus, () -> "status; expected " + this + ", body: " + shown);
      if (mediaType != null) {
        assertEquals(mediaType, contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim(),
            "content type");
      }
      return;
    }
    assertEquals(status, actualStatus, () -> "status; expected " + this + ", body: " + shown);
    assertEquals("application/problem+json", contentType == null ? "" : contentType.split(";")[0].trim(),
        () -> "content type of " + actualStatus + "; body: " + shown);
    JsonObject problem;
    try {
      problem = new JsonObject(text);
    } catch (RuntimeException e) {
      fail("problem body is not JSON: " + shown);
      return;
    }
    assertEquals(code, problem.getString("code"), shown);
    assertEquals(status, problem.getInteger("status"), shown);
    assertTrue(problem.getString("type", "").endsWith(code), shown);
  }

  /** Checks a WebSocket error message (or failed job event's error) against this expectation. */
  public void checkWs(JsonObject error) {
    assertEquals(code, error.getString("code"), error::encode);
    assertEquals(status, error.getInteger("status"), error::encode);
  }
}
