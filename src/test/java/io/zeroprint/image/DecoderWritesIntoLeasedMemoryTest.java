package io.zeroprint.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zeroprint.buffer.BufferStats;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.BufferConfig;
import org.junit.jupiter.api.Test;

/**
 * The reader writes its pixels into budgeted, zeroed-on-release memory: what it decodes is counted
 * while in use and every byte of it is zeroed when the image is closed.
 */
class DecoderWritesIntoLeasedMemoryTest {
  private static final int W = 96;
  private static final int H = 64;
  private static final long RGB_BYTES = (long) W * H * RgbImage.CHANNELS;

  @Test
  void aJpegIsDecodedStraightIntoTheImagesOwnPixels() {
    BufferStats after = decodeAndClose("variants/ycbcr420.jpg");
    assertEquals(0, after.inUseBytes());
    assertEquals(RGB_BYTES, after.highWaterBytes(), "one RGB copy, no other");
    assertEquals(RGB_BYTES, after.zeroedBytes());
  }

  @Test
  void anEightBitPngIsDecodedIntoALeaseThenConverted() {
    BufferStats after = decodeAndClose("variants/rgb8.png");
    assertEquals(0, after.inUseBytes());
    assertEquals(2 * RGB_BYTES, after.highWaterBytes(), "the reader's samples and the sRGB pixels, both leased");
    assertEquals(2 * RGB_BYTES, after.zeroedBytes());
  }

  /** Decodes with a pool of its own (the upload lives in another), closes the image, returns the pool's accounting. */
  private static BufferStats decodeAndClose(String name) {
    SegmentPool pool = new SegmentPool(new BufferConfig(1L << 30, 64 * 1024, 0));
    SegmentBuffer upload = ScanInputs.buffer(ScanInputs.resource(name));
    try {
      new ImageDecoder(pool).decode(upload, ImageHeader.read(upload)).close();
    } finally {
      upload.release();
    }
    return pool.stats();
  }
}
