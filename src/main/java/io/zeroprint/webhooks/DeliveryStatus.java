package io.zeroprint.webhooks;

import io.vertx.core.json.JsonObject;

/**
 * What a job's owner sees of its webhook: the host (never the path or query, which may carry a
 * receiver's token), the event last sent, attempts so far, the last HTTP status (null: no answer)
 * and whether a receiver accepted it. Thread-safe.
 */
final class DeliveryStatus {
  private final String host;
  private String event;
  private int attempts;
  private Integer lastStatus;
  private boolean delivered;
  private String outcome = "pending";

  DeliveryStatus(String host) {
    this.host = host;
  }

  synchronized void sending(String state) {
    event = state;
    delivered = false;
    outcome = "pending";
  }

  synchronized int attempted(Integer status) {
    lastStatus = status;
    return ++attempts;
  }

  synchronized void ended(String how) {
    outcome = how;
    delivered = how.equals(Webhooks.DELIVERED);
  }

  synchronized JsonObject json() {
    return new JsonObject().put("host", host).put("event", event).put("attempts", attempts)
        .put("lastStatus", lastStatus).put("delivered", delivered).put("outcome", outcome);
  }
}
