package io.zeroprint.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.buffer.BufferStats;
import io.zeroprint.buffer.BufferStore;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.security.Caller;
import javax.net.ssl.SSLSession;

/** {@code GET /v1/admin/status} (scope {@code admin}): facts an operator checks, no request data. */
final class AdminHandler {
  private final BufferStore store;
  private final Guards guards;

  AdminHandler(BufferStore store, Guards guards) {
    this.store = store;
    this.guards = guards;
  }

  void status(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    guards.audit().record(AuditLog.Event.ADMIN_ACCESS, caller.subject(), AccessHandlers.routeOf(rc), "status");
    BufferStats b = store.stats();
    rc.json(new JsonObject()
        .put("tls", tls(rc))
        .put("auth", new JsonObject().put("developmentMode", guards.authenticator().developmentMode()))
        .put("buffers", new JsonObject().put("inUseBytes", b.inUseBytes()).put("highWaterBytes", b.highWaterBytes())
            .put("zeroedBytes", b.zeroedBytes()).put("budgetBytes", b.budgetBytes()).put("refusals", b.refusals())));
  }

  /** Which TLS engine serves this very connection: "openssl" (netty-tcnative) or "jdk". */
  private static JsonObject tls(RoutingContext rc) {
    SSLSession session = rc.request().connection().sslSession();
    if (session == null) {
      return new JsonObject().put("enabled", false);
    }
    String engine = session.getClass().getName().contains("OpenSsl") ? "openssl" : "jdk";
    return new JsonObject().put("enabled", true).put("engine", engine).put("protocol", session.getProtocol())
        .put("cipherSuite", session.getCipherSuite()).put("alpn", rc.request().version().alpnName());
  }
}
