package io.zeroprint.pipeline;

/** What an effect answers with. */
public enum Output {
  /** An image in the requested format (png or jpeg). */
  IMAGE,
  /** Always a PNG (the result has transparency). */
  PNG,
  /** A JSON document (no image). */
  JSON;

  public static final String JSON_MEDIA_TYPE = "application/json";

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
