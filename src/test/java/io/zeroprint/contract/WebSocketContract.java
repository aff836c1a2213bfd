package io.zeroprint.contract;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract checks of one test socket. What the server sends is checked as it arrives (on a client
 * thread, so a breach is kept and reported by {@link #assertKept()}); what the test sends is checked
 * before it goes out and fails at once, unless the test is deliberately hostile and said so.
 */
public final class WebSocketContract {
  private final AsyncContract contract = AsyncContract.get();
  private final ResultFraming framing = new ResultFraming();
  private final List<String> broken = new ArrayList<>();
  /** Bytes the last submit announced and not yet sent; -1 before any submit. */
  private long announced = -1;

  public synchronized void fromServer(String text) {
    broken.addAll(contract.serverText(text));
    broken.addAll(framing.text(text));
  }

  public synchronized void fromServer(byte[] data) {
    broken.addAll(contract.serverBinary(data.length));
    broken.addAll(framing.binary(data));
  }

  /** A text message the test is about to send. */
  public synchronized void toServer(String text) {
    fail(contract.clientText(text));
    JsonObject m = new JsonObject(text);
    if ("submit".equals(m.getString("type"))) {
      announced = m.getLong("size");
    }
  }

  /** A binary message the test is about to send: part of the image its last submit announced. */
  public synchronized void toServer(byte[] data) {
    List<String> problems = new ArrayList<>(contract.clientBinary(data.length));
    if (announced < data.length) {
      problems.add(announced < 0 ? "binary data before any submit"
          : "binary data past the size its submit announced (" + data.length + " bytes, " + announced + " left)");
    }
    fail(problems);
    announced -= data.length;
  }

  /** Fails the test with every breach by the server so far. */
  public synchronized void assertKept() {
    if (!broken.isEmpty()) {
      throw new AssertionError("the server broke the AsyncAPI contract:\n  " + String.join("\n  ", broken));
    }
  }

  private static void fail(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new AssertionError("the test would break the AsyncAPI contract (a hostile test says so with "
          + "WsClient.hostile()):\n  " + String.join("\n  ", problems));
    }
  }
}
