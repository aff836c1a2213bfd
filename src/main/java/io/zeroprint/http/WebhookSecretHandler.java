package io.zeroprint.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.zeroprint.security.Caller;
import io.zeroprint.webhooks.WebhookSecrets;
import java.util.List;

/**
 * {@code GET /v1/me/webhook-secret}: the secret the caller's webhooks are signed with
 * ({@code whsec_…}), and during a key rotation's grace period the previous one too, so a receiver
 * can accept either while it switches.
 */
final class WebhookSecretHandler {
  private final WebhookSecrets secrets;

  WebhookSecretHandler(WebhookSecrets secrets) {
    this.secrets = secrets;
  }

  void secret(RoutingContext rc) {
    Caller caller = rc.get(Caller.KEY);
    List<String> all = secrets.secretsOf(caller.subject());
    rc.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("secret", all.get(0)).put("secrets", new JsonArray(all)).toBuffer());
  }
}
