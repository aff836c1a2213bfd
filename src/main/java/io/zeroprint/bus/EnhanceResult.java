package io.zeroprint.bus;

import io.zeroprint.buffer.SegmentBuffer;

/**
 * Reply to an {@link EnhanceJob}: the encoded image (or, for {@code landmarks}, JSON), its media type
 * and pixel size (0 × 0 for JSON). Ownership of {@code image} passes to the receiver, who releases it.
 */
public record EnhanceResult(SegmentBuffer image, String mediaType, int width, int height) {}
