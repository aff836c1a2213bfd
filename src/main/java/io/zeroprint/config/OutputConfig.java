package io.zeroprint.config;

import io.vertx.core.json.JsonObject;

/**
 * How results are encoded. Results are always re-encoded from pixels, so no metadata (EXIF, GPS,
 * comments) and no trailing payload of the upload survives.
 *
 * @param defaultFormat   {@code png} or {@code jpeg} when the request names none
 * @param jpegQuality     default JPEG quality, 1..100
 * @param pngCompression  deflate effort 0 (fastest, largest) .. 9 (slowest, smallest)
 */
public record OutputConfig(String defaultFormat, int jpegQuality, int pngCompression) {
  public static final String DEFAULT_FORMAT = "png";
  public static final int DEFAULT_JPEG_QUALITY = 90;
  public static final int DEFAULT_PNG_COMPRESSION = 2;

  public OutputConfig {
    Check.that(defaultFormat.equals("png") || defaultFormat.equals("jpeg"), "output.defaultFormat",
        "must be png or jpeg, got " + defaultFormat);
    Check.range("output.jpegQuality", jpegQuality, 1, 100);
    Check.range("output.pngCompression", pngCompression, 0, 9);
  }

  static JsonObject defaults() {
    return new JsonObject().put("defaultFormat", DEFAULT_FORMAT).put("jpegQuality", DEFAULT_JPEG_QUALITY)
        .put("pngCompression", DEFAULT_PNG_COMPRESSION);
  }

  static OutputConfig from(JsonObject j) {
    return new OutputConfig(j.getString("defaultFormat"), j.getInteger("jpegQuality"), j.getInteger("pngCompression"));
  }
}
