package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * Signed privacy receipts: what a request or job held and that it was zeroed.
 *
 * @param keyFile  PEM file with the Ed25519 signing key (PKCS#8, as {@code openssl genpkey -algorithm
 *                 ed25519} writes it); empty = a key generated per process, so receipts verify only
 *                 against the key published while that process runs
 * @param issuer   the receipts' {@code iss}
 */
public record ReceiptsConfig(String keyFile, String issuer) {
  public static final String DEFAULT_ISSUER = "zeroprint";

  public ReceiptsConfig {
    Check.notBlank("receipts.issuer", issuer);
  }

  static JsonObject defaults() {
    return new JsonObject().put("keyFile", "").put("issuer", DEFAULT_ISSUER);
  }

  static ReceiptsConfig from(JsonObject j) {
    return new ReceiptsConfig(j.getString("keyFile"), j.getString("issuer"));
  }
}
