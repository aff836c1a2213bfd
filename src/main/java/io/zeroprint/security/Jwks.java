package io.zeroprint.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks the usable keys out of a JWKS document: asymmetric public keys only (RSA, EC, OKP), each
 * with an explicit algorithm. Symmetric ({@code oct}) keys are never accepted, so a token signed
 * with HS256 — for example with a public key used as an HMAC secret — can never verify.
 */
final class Jwks {
  private static final Set<String> ALLOWED_ALGS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
      "ES256", "ES384", "ES512", "EdDSA");
  private static final Map<String, String> DEFAULT_EC_ALG = Map.of("P-256", "ES256", "P-384", "ES384", "P-521", "ES512");
  private static final System.Logger LOG = System.getLogger(Jwks.class.getName());

  private Jwks() {}

  static List<JsonObject> usableKeys(JsonObject jwks) {
    JsonArray keys = jwks.getJsonArray("keys");
    if (keys == null) {
      throw new IllegalArgumentException("not a JWKS document: no 'keys'");
    }
    List<JsonObject> out = new ArrayList<>();
    for (Object o : keys) {
      JsonObject key = ((JsonObject) o).copy();
      String alg = key.getString("alg", defaultAlg(key));
      if (alg == null || !ALLOWED_ALGS.contains(alg) || key.containsKey("d")) {
        LOG.log(System.Logger.Level.WARNING, "JWKS key skipped (kty {0}, alg {1}): only public asymmetric keys are used",
            key.getString("kty"), alg);
        continue;
      }
      out.add(key.put("alg", alg));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the JWKS holds no usable public key");
    }
    return out;
  }

  private static String defaultAlg(JsonObject key) {
    return switch (key.getString("kty", "")) {
      case "RSA" -> "RS256";
      case "EC" -> DEFAULT_EC_ALG.get(key.getString("crv", ""));
      case "OKP" -> "EdDSA";
      default -> null;
    };
  }
}
