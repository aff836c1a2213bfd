package io.zeroprint.contract;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The result framing of one socket, as the contract states it: a {@code result} message announces
 * {@code chunks} binary messages and {@code bytes} in all; exactly those follow (text messages of
 * other jobs may come between them), then {@code result-end} with their SHA-256. A binary message
 * outside a result, a short or long result, or a wrong digest breaks it.
 */
final class ResultFraming {
  private JsonNode open;
  private long chunks;
  private long bytes;
  private MessageDigest sha256;

  List<String> text(String text) {
    JsonNode m;
    try {
      m = JsonMapper.shared().readTree(text);
    } catch (RuntimeException e) {
      return List.of(); // not JSON: the message check reports it
    }
    String type = m.path("type").asString("");
    List<String> broken = new ArrayList<>();
    if (type.equals("result")) {
      if (open != null) {
        broken.add("a result began before the one of job " + open.path("job").asString() + " ended");
      }
      open = m;
      chunks = 0;
      bytes = 0;
      sha256 = sha256();
    } else if (type.equals("result-end")) {
      if (open == null) {
        return List.of("result-end without a result: " + text);
      }
      if (!open.path("job").equals(m.path("job"))) {
        broken.add("result-end of job " + m.path("job") + " ends the result of job " + open.path("job"));
      }
      if (chunks != open.path("chunks").asLong() || bytes != open.path("bytes").asLong()) {
        broken.add("a result announced " + open.path("chunks") + " chunks, " + open.path("bytes") + " bytes; "
            + chunks + " chunks, " + bytes + " bytes came");
      }
      String digest = HexFormat.of().formatHex(sha256.digest());
      if (!digest.equals(m.path("sha256").asString())) {
        broken.add("result-end says sha256 " + m.path("sha256") + "; the bytes that came have " + digest);
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
    if (chunks > open.path("chunks").asLong()) {
      return List.of("more binary messages than the result announced (" + open.path("chunks") + ")");
    }
    return List.of();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
