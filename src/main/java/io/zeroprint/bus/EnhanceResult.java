package io.zeroprint.bus;

import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.image.ImageFormat;

/** Reply to an {@link EnhanceJob}. Ownership of {@code image} passes to the receiver, who releases it. */
public record EnhanceResult(SegmentBuffer image, ImageFormat format, int width, int height) {}
