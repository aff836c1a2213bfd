package io.zeroprint.bus;

import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.image.ImageHeader;
import io.zeroprint.pipeline.EnhanceOptions;

/**
 * Request message to {@link Bus#ENHANCE}. Ownership of {@code image} passes to the worker with the
 * message: from then on only the worker releases it. {@code budgetMillis} is the time the intake
 * gave the job for its size (the worker's deadline starts there and follows progress).
 */
public record EnhanceJob(String jobId, EnhanceOptions options, ImageHeader header, SegmentBuffer image,
    long budgetMillis) {}
