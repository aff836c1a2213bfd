package io.zeroprint.image;

import static io.zeroprint.image.ScanInputs.concat;
import static io.zeroprint.image.ScanInputs.corrupt;
import static io.zeroprint.image.ScanInputs.filled;
import static io.zeroprint.image.ScanInputs.header;
import static io.zeroprint.image.ScanInputs.repeat;
import static io.zeroprint.image.ScanInputs.resource;
import static io.zeroprint.image.ScanInputs.segment;
import static io.zeroprint.image.ScanInputs.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hostile JPEG structures are refused by the scan, quickly, before any decoder sees them. */
class JpegScanTest {
  private static final int SOF0 = 0xC0;
  private static final int SOS = 0xDA;
  private static final int APP2 = 0xE2;
  private static final int COM = 0xFE;
  private static final byte[] ROCKET = resource("rocket.jpg");
  private static final byte[] SOI = {(byte) 0xFF, (byte) 0xD8};
  private static final byte[] EOI = {(byte) 0xFF, (byte) 0xD9};

  @Test
  void aJpegFloodedWithEmptyApp2SegmentsIsRefusedBeforeDecoding() {
    byte[] emptyApp2 = {(byte) 0xFF, (byte) APP2, 0, 2};
    byte[] hostile = concat(SOI, repeat(emptyApp2, 6 << 20), afterSoi());
    assertTrue(corrupt(hostile).contains(JpegLimits.MAX_SEGMENTS + " marker segments"));
  }

  @Test
  void aJpegWith24MegabytesOfFillBytesBeforeAMarkerIsRefused() {
    byte[] hostile = concat(SOI, filled(24 << 20, 0xFF), afterSoi());
    assertTrue(corrupt(hostile).contains("fill bytes"));
  }

  @Test
  void aJpegWith24MegabytesOfFillBytesAfterItsScanDataIsRefused() {
    byte[] hostile = concat(slice(ROCKET, 0, eoi()), filled(24 << 20, 0xFF), EOI);
    assertTrue(corrupt(hostile).contains("fill bytes"));
  }

  @Test
  void aFewFillBytesBeforeMarkersAreAccepted() {
    byte[] padded = concat(SOI, filled(16, 0xFF), afterSoi());
    assertEquals(header(ROCKET), header(padded));
  }

  @Test
  void aJpegWithTwoFrameHeadersIsRefused() {
    int sof = JpegStructure.offset(ROCKET, SOF0);
    int end = sof + JpegStructure.segmentLength(ROCKET, sof);
    byte[] twoFrames = concat(slice(ROCKET, 0, end), slice(ROCKET, sof, end), slice(ROCKET, end, ROCKET.length));
    assertTrue(corrupt(twoFrames).contains("more than one frame"));
  }

  @Test
  void aJpegWithScanDataBeforeItsFrameHeaderIsRefused() {
    int sos = JpegStructure.offset(ROCKET, SOS);
    byte[] early = concat(SOI, slice(ROCKET, sos, ROCKET.length));
    assertTrue(corrupt(early).contains("before its frame"));
  }

  @Test
  void aJpegWithAThousandScansIsRefused() {
    int sos = JpegStructure.offset(ROCKET, SOS);
    byte[] scanHeader = slice(ROCKET, sos, sos + JpegStructure.segmentLength(ROCKET, sos));
    byte[] scan = concat(scanHeader, new byte[] {0x12, 0x34, (byte) 0xFF, 0x00, 0x56});
    byte[] many = concat(slice(ROCKET, 0, eoi()), repeat(scan, 999), EOI);
    assertTrue(corrupt(many).contains(JpegLimits.MAX_SCANS + " scans"));
  }

  @Test
  void aProgressiveJpegWithItsUsualScansIsAccepted() {
    byte[] progressive = JpegStructure.progressive(TestPictures.noise(96, 64, 7));
    assertTrue(JpegStructure.count(progressive, SOS) > 1, "really progressive");
    ImageHeader h = header(progressive);
    assertEquals(96, h.width());
    assertEquals(64, h.height());
  }

  @Test
  void aJpegWithMoreSegmentsThanTheLimitIsRefusedButOneJustUnderItIsNot() {
    int existing = JpegStructure.segmentCount(ROCKET);
    byte[] comment = segment(COM, "x".getBytes(StandardCharsets.US_ASCII));
    byte[] under = concat(SOI, repeat(comment, JpegLimits.MAX_SEGMENTS - existing), afterSoi());
    assertEquals(header(ROCKET), header(under));
    byte[] over = concat(SOI, repeat(comment, JpegLimits.MAX_SEGMENTS - existing + 1), afterSoi());
    assertTrue(corrupt(over).contains("marker segments"));
  }

  @Test
  void anIccProfileOfAFewHundredKilobytesIsAcceptedButOneOverTheLimitIsNot() {
    assertEquals(header(ROCKET), header(concat(SOI, iccSegments(8), afterSoi())));
    int tooMany = (int) (JpegLimits.MAX_ICC_BYTES / 65_000) + 1;
    assertTrue(corrupt(concat(SOI, iccSegments(tooMany), afterSoi())).contains("colour profile"));
  }

  @Test
  void aTwelveBitJpegIsRefusedAsUndecodable() {
    byte[] twelve = ROCKET.clone();
    twelve[JpegStructure.offset(ROCKET, SOF0) + 4] = 12;
    assertTrue(corrupt(twelve).contains("precision"));
  }

  @Test
  void aLosslessJpegIsRefusedAsUndecodable() {
    byte[] lossless = ROCKET.clone();
    lossless[JpegStructure.offset(ROCKET, SOF0) + 1] = (byte) 0xC3;
    assertTrue(corrupt(lossless).contains("coding process"));
  }

  @Test
  void aFrameHeaderWhoseHeightComesFromADnlMarkerIsRefused() {
    byte[] noHeight = ROCKET.clone();
    int sof = JpegStructure.offset(ROCKET, SOF0);
    noHeight[sof + 5] = 0;
    noHeight[sof + 6] = 0;
    assertTrue(corrupt(noHeight).contains("no pixels"));
  }

  @Test
  void aFrameHeaderWithFiveComponentsIsRefused() {
    byte[] five = ROCKET.clone();
    five[JpegStructure.offset(ROCKET, SOF0) + 9] = 5;
    assertTrue(corrupt(five).contains("components"));
  }

  @Test
  void aScanOfAComponentTheFrameDoesNotHaveIsRefused() {
    byte[] stray = ROCKET.clone();
    stray[JpegStructure.offset(ROCKET, SOS) + 5] = 0x7F;
    assertTrue(corrupt(stray).contains("component"));
  }

  @Test
  void aJpegCutAnywhereIsRefusedAsTruncated() {
    int sos = JpegStructure.offset(ROCKET, SOS);
    for (int keep : new int[] {3, 4, 20, 200, sos + 5, ROCKET.length / 2, ROCKET.length - 2, ROCKET.length - 1}) {
      corrupt(slice(ROCKET, 0, keep));
    }
  }

  @Test
  void aJpegWithoutAnyScanIsRefused() {
    int sos = JpegStructure.offset(ROCKET, SOS);
    assertTrue(corrupt(concat(slice(ROCKET, 0, sos), EOI)).contains("no image data"));
  }

  @Test
  void aSegmentWhoseLengthRunsPastTheEndIsRefused() {
    byte[] lying = concat(SOI, new byte[] {(byte) 0xFF, (byte) COM, (byte) 0xFF, (byte) 0xF0}, filled(100, 'x'));
    corrupt(lying);
  }

  @Test
  void anUnknownMarkerBetweenSegmentsIsRefused() {
    corrupt(concat(SOI, segment(0xF5, new byte[4]), afterSoi()));
    corrupt(concat(SOI, segment(0xDC, new byte[2]), afterSoi())); // DNL
  }

  @Test
  void bytesAfterTheEndOfImageAreIgnored() {
    byte[] trailing = concat(ROCKET, SOI, filled(10_000, 0xFF), "video".getBytes(StandardCharsets.US_ASCII));
    assertEquals(header(ROCKET), header(trailing));
  }

  @Test
  void restartMarkersAndStuffedBytesInsideScanDataAreSkipped() {
    byte[] withRestart = concat(slice(ROCKET, 0, eoi()), new byte[] {(byte) 0xFF, (byte) 0xD3, 0x11, (byte) 0xFF,
        0x00, (byte) 0xFF, (byte) 0xFF, 0x00, 0x22}, EOI);
    assertEquals(header(ROCKET), header(withRestart));
  }

  private static byte[] afterSoi() {
    return slice(ROCKET, 2, ROCKET.length);
  }

  private static int eoi() {
    assertEquals((byte) 0xD9, ROCKET[ROCKET.length - 1]);
    return ROCKET.length - 2;
  }

  /** {@code n} APP2 segments of an ICC profile, 65,000 profile bytes each. */
  private static byte[] iccSegments(int n) {
    byte[] tag = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    byte[][] parts = new byte[n][];
    for (int i = 0; i < n; i++) {
      parts[i] = segment(APP2, concat(tag, new byte[] {(byte) (i + 1), (byte) n}, new byte[65_000]));
    }
    return concat(parts);
  }
}
