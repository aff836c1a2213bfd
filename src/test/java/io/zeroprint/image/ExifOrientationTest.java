package io.zeroprint.image;

import static io.zeroprint.image.ScanInputs.concat;
import static io.zeroprint.image.ScanInputs.header;
import static io.zeroprint.image.ScanInputs.resource;
import static io.zeroprint.image.ScanInputs.segment;
import static io.zeroprint.image.ScanInputs.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** EXIF orientation is read from IFD0; a broken EXIF block costs nothing and rejects nothing. */
class ExifOrientationTest {
  private static final int APP1 = 0xE1;
  private static final byte[] ROCKET = resource("rocket.jpg");
  private static final byte[] EXIF = {'E', 'x', 'i', 'f', 0, 0};

  @Test
  void theOrientationInIfd0IsReadInEitherByteOrder() {
    assertEquals(6, orientationOf(tiff(ByteOrder.BIG_ENDIAN, 8, 1, 6, 0)));
    assertEquals(8, orientationOf(tiff(ByteOrder.LITTLE_ENDIAN, 8, 1, 8, 0)));
  }

  @Test
  void anIfdChainThatLoopsBackOnItselfIsNotFollowed() {
    assertEquals(3, orientationOf(tiff(ByteOrder.BIG_ENDIAN, 8, 1, 3, 8)));
  }

  @Test
  void anIfdOffsetPastTheEndOfTheSegmentMeansNoOrientation() {
    assertEquals(1, orientationOf(tiff(ByteOrder.BIG_ENDIAN, 0x7FFF_FFF0, 1, 6, 0)));
    assertEquals(1, orientationOf(tiff(ByteOrder.BIG_ENDIAN, 0xFFFF_FFF0, 1, 6, 0)));
  }

  @Test
  void anIfdOffsetPointingIntoTheTiffHeaderMeansNoOrientation() {
    assertEquals(1, orientationOf(tiff(ByteOrder.BIG_ENDIAN, 0, 1, 6, 0)));
  }

  @Test
  void anEntryCountLargerThanTheSegmentIsBoundedByTheSegment() {
    assertEquals(7, orientationOf(tiff(ByteOrder.BIG_ENDIAN, 8, 0xFFFF, 7, 0)));
    byte[] noOrientation = tiff(ByteOrder.BIG_ENDIAN, 8, 0xFFFF, 7, 0);
    noOrientation[11] = 0x10; // the first entry's tag becomes 0x0110 (Model)
    assertEquals(1, orientationOf(noOrientation));
  }

  @Test
  void aTruncatedOrMislabelledExifBlockMeansNoOrientation() {
    byte[] whole = tiff(ByteOrder.BIG_ENDIAN, 8, 1, 6, 0);
    assertEquals(1, orientationOf(slice(whole, 0, 10)));
    byte[] badOrder = whole.clone();
    badOrder[0] = 'X';
    assertEquals(1, orientationOf(badOrder));
  }

  @Test
  void anOrientationOutOfRangeIsIgnored() {
    assertEquals(1, orientationOf(tiff(ByteOrder.BIG_ENDIAN, 8, 1, 9, 0)));
  }

  private static int orientationOf(byte[] tiff) {
    byte[] jpeg = concat(slice(ROCKET, 0, 2), segment(APP1, concat(EXIF, tiff)), slice(ROCKET, 2, ROCKET.length));
    return header(jpeg).orientation();
  }

  /** A TIFF header and an IFD0 declaring {@code declaredEntries}: Orientation first, then Model. */
  private static byte[] tiff(ByteOrder order, long ifdOffset, int declaredEntries, int orientation, int nextIfd) {
    int stored = Math.min(declaredEntries, 2);
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 * stored + 4).order(order);
    byte mark = order == ByteOrder.BIG_ENDIAN ? (byte) 'M' : (byte) 'I';
    b.put(mark).put(mark);
    b.putShort((short) 42).putInt((int) ifdOffset).putShort((short) declaredEntries);
    for (int i = 0; i < stored; i++) {
      b.putShort((short) (i == 0 ? 0x0112 : 0x0110)).putShort((short) 3).putInt(1).putShort((short) orientation)
          .putShort((short) 0);
    }
    b.putInt(nextIfd);
    return b.array();
  }
}
