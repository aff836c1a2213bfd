package io.zeroprint.receipt;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * What zeroprint states about one request or job once it has ended and all of its image memory has
 * been zeroed. Signed by {@link ReceiptSigner}; the claim names are part of the public format.
 *
 * @param id            the request or job id; one receipt per id, so it is also the token's {@code jti}
 * @param effect        the effect that ran, e.g. {@code upscale}
 * @param bytesReceived bytes of the upload as received
 * @param bytesZeroed   bytes of image memory the pool overwrote with zeros for this id, as counted by
 *                      the pool at release (not an estimate)
 * @param delivered     whether the result reached the client
 * @param retainedUntil when a retained result will be zeroed, or null when nothing is retained
 * @param issuedAt      when the receipt was made
 */
public record Receipt(String id, String effect, long bytesReceived, long bytesZeroed, boolean delivered,
    Instant retainedUntil, Instant issuedAt) {

  /**
   * Always 0: image data is only ever held in pool memory. A claim rather than a field, so no code
   * path can state anything else.
   */
  public static final int FILES_WRITTEN = 0;

  public Receipt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(issuedAt, "issuedAt");
    if (id.isBlank() || effect.isBlank()) {
      throw new IllegalArgumentException("a receipt needs an id and an effect");
    }
    if (bytesReceived < 0 || bytesZeroed < 0) {
      throw new IllegalArgumentException("byte counts cannot be negative");
    }
  }

  /**
   * The JWT claims, times as NumericDate (seconds since the epoch, like {@code iat} everywhere);
   * {@code retained_until} is present and null when nothing is retained, so its absence is never
   * ambiguous.
   */
  public JsonObject claims(String issuer) {
    return new JsonObject()
        .put("iss", issuer)
        .put("jti", id)
        .put("iat", issuedAt.getEpochSecond())
        .put("effect", effect)
        .put("bytes_received", bytesReceived)
        .put("bytes_zeroed", bytesZeroed)
        .put("delivered", delivered)
        .put("retained_until", retainedUntil == null ? null : retainedUntil.getEpochSecond())
        .put("files_written", FILES_WRITTEN);
  }

  /** The receipt a set of claims states (times to the second); the inverse of {@link #claims}. */
  public static Receipt fromClaims(JsonObject c) {
    Long retained = c.getLong("retained_until");
    return new Receipt(c.getString("jti"), c.getString("effect"), c.getLong("bytes_received"),
        c.getLong("bytes_zeroed"), c.getBoolean("delivered"),
        retained == null ? null : Instant.ofEpochSecond(retained), Instant.ofEpochSecond(c.getLong("iat")));
  }
}
