package io.zeroprint.config;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * Analytics, audit pseudonyms and browser access.
 *
 * @param analytics          aggregate usage counters ({@code zeroprint_usage_*}); requests with
 *                           {@code DNT: 1} or {@code Sec-GPC: 1} are never counted
 * @param pseudonymKey       secret for the audit log's keyed subject pseudonyms (HMAC-SHA256); empty =
 *                           a random key per process (pseudonyms then change on restart)
 * @param corsAllowedOrigins comma-separated origins allowed to call the API from a browser; empty = none
 */
public record PrivacyConfig(boolean analytics, String pseudonymKey, String corsAllowedOrigins) {

  public PrivacyConfig {
    for (String origin : origins(corsAllowedOrigins)) {
      Check.that(origin.matches("https?://[A-Za-z0-9.-]+(:\\d+)?"), "privacy.corsAllowedOrigins",
          "not an origin: " + origin);
    }
  }

  public List<String> allowedOrigins() {
    return origins(corsAllowedOrigins);
  }

  private static List<String> origins(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static JsonObject defaults() {
    return new JsonObject().put("analytics", true).put("pseudonymKey", "").put("corsAllowedOrigins", "");
  }

  static PrivacyConfig from(JsonObject j) {
    return new PrivacyConfig(j.getBoolean("analytics"), j.getString("pseudonymKey"), j.getString("corsAllowedOrigins"));
  }
}
