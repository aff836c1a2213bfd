package io.zeroprint.contract;

import io.zeroprint.ServerTestBase;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/ws} without an upgrade is the client's mistake, answered as the contract says: a 400 problem. */
class WebSocketRouteAnswersPlainRequestsTest extends ServerTestBase {
  @Test
  void aPlainGetOnTheWebSocketRouteIsAMalformedRequestNotAServerError() {
    assertProblem(get("/v1/ws"), 400, "malformed_request");
  }
}
