package io.zeroprint.model.catalog;

/**
 * One model inside a pinned package, and how it is fed (recorded in its manifest).
 *
 * @param name          model name here (its folder under {@code models/})
 * @param modelJsonPath its {@code model.json} inside the package
 * @param format        TF.js layers or graph model
 * @param role          what it does (the manifest's {@code effect})
 * @param inputName     signature input key
 * @param outputName    main signature output key
 * @param inputMax      input range 0..inputMax
 * @param outputMax     output range 0..outputMax
 * @param height        fixed input height, 0 = any
 * @param width         fixed input width, 0 = any
 * @param multiple      input sides must be multiples of this
 * @param tileContext   context a tile sees past its core, at most the receptive radius; 0 = the radius (exact tiling)
 */
public record Entry(String name, String modelJsonPath, Format format, String role, String inputName, String outputName,
    float inputMax, float outputMax, int height, int width, int multiple, int tileContext) {

  /** The two kinds of TF.js model. */
  public enum Format { LAYERS, GRAPH }
}
