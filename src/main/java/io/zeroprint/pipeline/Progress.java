package io.zeroprint.pipeline;

/**
 * A job moved: queued at a position, a stage started, a tile done. Counts only, never image content.
 *
 * @param stage         {@code queued} or a stage name ({@code guard}, {@code decode}, {@code upscale}, {@code encode}, …)
 * @param queuePosition 1-based position while queued, else 0
 * @param tilesDone     tiles finished in a tiled stage
 * @param tilesTotal    tiles in that stage (0 before it)
 */
public record Progress(String jobId, String stage, int queuePosition, int tilesDone, int tilesTotal) {
  public static final String QUEUED = "queued";
}
