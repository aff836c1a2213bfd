package io.zeroprint.bus;

/**
 * Published by the worker to {@link Bus#PROGRESS} as a job moves: queued at a position, a stage
 * started, a tile done. Counts only, never image content.
 *
 * @param stage         {@code queued} or a pipeline stage name ({@code guard}, {@code decode}, {@code upscale}, {@code encode})
 * @param queuePosition 1-based position while queued, else 0
 * @param tilesDone     tiles finished in the upscale stage
 * @param tilesTotal    tiles in the upscale stage (0 before it)
 */
public record JobProgress(String jobId, String stage, int queuePosition, int tilesDone, int tilesTotal) {
  public static final String QUEUED = "queued";
}
