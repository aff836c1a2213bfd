package io.zeroprint.image;

import static io.zeroprint.image.ScanInputs.concat;
import static io.zeroprint.image.ScanInputs.corrupt;
import static io.zeroprint.image.ScanInputs.header;
import static io.zeroprint.image.ScanInputs.resource;
import static io.zeroprint.image.ScanInputs.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.PngStructure.Chunk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile PNG structures are refused by the scan, quickly, before any decoder sees them. */
class PngScanTest {
  private static final byte[] CHELSEA = resource("chelsea.png");

  @Test
  void aHundredThousandEmptyChunksAreRefused() {
    byte[] hostile = PngStructure.withAfterIhdr(CHELSEA, emptyChunks(100_000));
    assertTrue(corrupt(hostile).contains("metadata chunks"));
  }

  @Test
  void twentyFourMegabytesOfEmptyChunksAreRefused() {
    byte[] hostile = PngStructure.withAfterIhdr(CHELSEA, emptyChunks((24 << 20) / 12));
    assertTrue(corrupt(hostile).contains("metadata chunks"));
  }

  @Test
  void imageDataSplitIntoAHundredThousandChunksIsRefused() {
    assertTrue(corrupt(PngStructure.withImageDataSplit(CHELSEA, 100_000)).contains("one chunk per"));
  }

  @Test
  void imageDataSplitIntoOrdinaryPiecesIsAccepted() {
    assertEquals(header(CHELSEA), header(PngStructure.withImageDataSplit(CHELSEA, 240)));
  }

  @Test
  void moreMetadataChunksThanTheLimitAreRefused() {
    List<Chunk> many = Collections.nCopies(PngLimits.MAX_METADATA_CHUNKS + 1, new Chunk("prVt", new byte[300]));
    assertTrue(corrupt(PngStructure.withAfterIhdr(CHELSEA, many)).contains("metadata chunks"));
  }

  @Test
  void aHugeCompressedTextChunkIsRefused() {
    byte[] hostile = PngStructure.withAfterIhdr(CHELSEA, List.of(new Chunk("zTXt", new byte[(1 << 20) + 1])));
    assertTrue(corrupt(hostile).contains("text chunks"));
  }

  @Test
  void manySmallTextChunksAddingUpPastTheLimitAreRefused() {
    List<Chunk> many = Collections.nCopies(20, new Chunk("iTXt", new byte[60_000]));
    assertTrue(corrupt(PngStructure.withAfterIhdr(CHELSEA, many)).contains("text chunks"));
  }

  @Test
  void aHugeColourProfileIsRefused() {
    byte[] hostile = PngStructure.withAfterIhdr(CHELSEA, List.of(new Chunk("iCCP", new byte[(1 << 20) + 1])));
    assertTrue(corrupt(hostile).contains("colour profile"));
  }

  @Test
  void aChunkWithABadChecksumIsRefused() {
    byte[] bad = CHELSEA.clone();
    bad[bad.length / 2] ^= 0x01; // inside some IDAT
    assertTrue(corrupt(bad).contains("checksum"));
  }

  @Test
  void anIhdrDeclaringZeroWidthIsRefused() {
    assertTrue(corrupt(withIhdr(PngStructure.ihdr(0, 300, 8, 2, 0))).contains("no pixels"));
  }

  @Test
  void anIhdrDeclaringMoreThanTheFormatAllowsIsRefused() {
    assertTrue(corrupt(withIhdr(PngStructure.ihdr(0x8000_0000L, 300, 8, 2, 0))).contains("format allows"));
  }

  @Test
  void anIhdrDeclaringAnImpossibleBitDepthIsRefused() {
    corrupt(withIhdr(PngStructure.ihdr(451, 300, 16, 3, 0)));
    corrupt(withIhdr(PngStructure.ihdr(451, 300, 4, 2, 0)));
    corrupt(withIhdr(PngStructure.ihdr(451, 300, 8, 5, 0)));
    corrupt(withIhdr(PngStructure.ihdr(451, 300, 8, 2, 2)));
  }

  @Test
  void aHugeButValidIhdrPassesTheScanSoThePixelLimitCanRefuseIt() {
    byte[] headerOnly = PngStructure.build(List.of(new Chunk("IHDR", PngStructure.ihdr(50_000, 50_000, 8, 2, 0)),
        new Chunk("IEND", new byte[0])));
    assertEquals(2_500_000_000L, header(headerOnly).pixels());
  }

  @Test
  void aPngWithoutImageDataPassesTheScanButTheDecoderRefusesIt() {
    byte[] headerOnly = PngStructure.build(List.of(new Chunk("IHDR", PngStructure.ihdr(8, 8, 8, 2, 0)),
        new Chunk("IEND", new byte[0])));
    SegmentBuffer buf = ScanInputs.buffer(headerOnly);
    try {
      ImageHeader h = ImageHeader.read(buf);
      ProblemException e = assertThrows(ProblemException.class, () -> new ImageDecoder(ScanInputs.POOL).decode(buf, h));
      assertEquals(ErrorCode.CORRUPT_IMAGE, e.code());
    } finally {
      buf.release();
    }
  }

  @Test
  void aPngWhoseFirstChunkIsNotIhdrIsRefused() {
    List<Chunk> chunks = new ArrayList<>(PngStructure.chunks(CHELSEA));
    Collections.swap(chunks, 0, 1);
    assertTrue(corrupt(PngStructure.build(chunks)).contains("IHDR"));
  }

  @Test
  void interruptedImageDataIsRefused() {
    List<Chunk> chunks = new ArrayList<>(PngStructure.chunks(CHELSEA));
    int firstIdat = indexOf(chunks, "IDAT");
    chunks.add(firstIdat + 1, new Chunk("tEXt", "a\0b".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertTrue(corrupt(PngStructure.build(chunks)).contains("contiguous"));
  }

  @Test
  void anIndexedPngWithoutAPaletteIsRefused() {
    assertTrue(corrupt(withIhdr(PngStructure.ihdr(451, 300, 8, 3, 0))).contains("palette"));
  }

  @Test
  void aChunkTypeThatIsNotFourLettersIsRefused() {
    byte[] hostile = PngStructure.withAfterIhdr(CHELSEA, List.of(new Chunk("pr1t", new byte[4])));
    assertTrue(corrupt(hostile).contains("invalid type"));
  }

  @Test
  void aPngCutAnywhereIsRefusedAsTruncated() {
    for (int keep : new int[] {9, 20, 33, 40, CHELSEA.length / 2, CHELSEA.length - 12, CHELSEA.length - 1}) {
      corrupt(slice(CHELSEA, 0, keep));
    }
  }

  @Test
  void aChunkLengthRunningPastTheEndIsRefused() {
    List<Chunk> chunks = PngStructure.chunks(CHELSEA);
    byte[] lying = concat(PngStructure.signature(), ScanInputs.chunk("IHDR", chunks.get(0).data()),
        new byte[] {0x7F, 0, 0, 0, 'I', 'D', 'A', 'T', 1, 2, 3});
    corrupt(lying);
  }

  @Test
  void anAnimatedPngIsStillReportedAsAnimated() {
    byte[] still = TestPictures.encode(TestPictures.noise(8, 8, 1), "png");
    List<Chunk> actl = List.of(new Chunk("acTL", new byte[] {0, 0, 0, 2, 0, 0, 0, 0}));
    assertTrue(header(PngStructure.withAfterIhdr(still, actl)).animated());
    assertTrue(!header(still).animated());
  }

  @Test
  void bytesAfterIendAreIgnored() {
    assertEquals(header(CHELSEA), header(concat(CHELSEA, new byte[1000])));
  }

  private static byte[] withIhdr(byte[] ihdr) {
    List<Chunk> chunks = new ArrayList<>(PngStructure.chunks(CHELSEA));
    chunks.set(0, new Chunk("IHDR", ihdr));
    return PngStructure.build(chunks);
  }

  @Test
  void emptyFrameChunksOutnumberingTheFileSizeAreRefused() {
    List<Chunk> frames = Collections.nCopies(100_000, new Chunk("fdAT", new byte[0]));
    assertTrue(corrupt(PngStructure.withAfterIhdr(CHELSEA, frames)).contains("one chunk per"));
  }

  private static List<Chunk> emptyChunks(int n) {
    return Collections.nCopies(n, new Chunk("prVt", new byte[0]));
  }

  private static int indexOf(List<Chunk> chunks, String type) {
    for (int i = 0; i < chunks.size(); i++) {
      if (chunks.get(i).type().equals(type)) {
        return i;
      }
    }
    throw new IllegalArgumentException(type);
  }
}
