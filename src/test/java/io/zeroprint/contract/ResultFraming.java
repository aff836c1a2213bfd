package io.zeroprint.contract;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The result framing of one socket, as the contract states it: a {@code result} message announces
 * {@code chunks} binary messages and {@code bytes} in all; exactly those follow (text messages of
 * other jobs may come between them), then {@code result-end} with their SHA-256. A binary message
 * outside a result, a short or long result, or a wrong digest breaks it.
 */
final class ResultFraming {
  private JsonObject open;
  private long chunks;
  private long bytes;
  private MessageDigest sha256;

  List<String> text(String text) {
    JsonObject m;
    try {
      m = new JsonObject(text);
    } catch (DecodeException e) {
      return List.of(); // not a JSON object: the message check reports it
    }
    String type = String.valueOf(m.getValue("type"));
    List<String> broken = new ArrayList<>();
    if (type.equals("result")) {
      if (open != null) {
        broken.add("a result began before the one of job " + open.getValue("job") + " ended");
      }
      open = m;
      chunks = 0;
      bytes = 0;
      sha256 = sha256();
    } else if (type.equals("result-end")) {
      if (open == null) {
        return List.of("result-end without a result: " + text);
      }
      if (!Objects.equals(open.getValue("job"), m.getValue("job"))) {
        broken.add("result-end of job " + json(m, "job") + " ends the result of job " + json(open, "job"));
      }
      if (chunks != count(open, "chunks") || bytes != count(open, "bytes")) {
        broken.add("a result announced " + json(open, "chunks") + " chunks, " + json(open, "bytes") + " bytes; "
            + chunks + " chunks, " + bytes + " bytes came");
      }
      String digest = HexFormat.of().formatHex(sha256.digest());
      if (!digest.equals(m.getValue("sha256"))) {
        broken.add("result-end says sha256 " + json(m, "sha256") + "; the bytes that came have " + digest);
      }
      open = null;
    }
    return broken;
  }

  List<String> binary(byte[] data) {
    if (open == null) {
      return List.of("a binary message of " + data.length + " bytes outside a result");
    }
    chunks++;
    bytes += data.length;
    sha256.update(data);
    if (chunks > count(open, "chunks")) {
      return List.of("more binary messages than the result announced (" + json(open, "chunks") + ")");
    }
    return List.of();
  }

  private static long count(JsonObject m, String key) {
    return m.getValue(key) instanceof Number n ? n.longValue() : 0;
  }

  /** A member as JSON, as the messages quote it (absent: nothing). */
  private static String json(JsonObject m, String key) {
    return m.containsKey(key) ? Json.encode(m.getValue(key)) : "";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
