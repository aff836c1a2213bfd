package io.zeroprint.image;

import static io.zeroprint.image.ScanInputs.concat;
import static io.zeroprint.image.ScanInputs.filled;
import static io.zeroprint.image.ScanInputs.repeat;
import static io.zeroprint.image.ScanInputs.resource;
import static io.zeroprint.image.ScanInputs.segment;
import static io.zeroprint.image.ScanInputs.slice;

import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ProblemException;
import io.zeroprint.image.PngStructure.Chunk;
import java.util.Arrays;
import java.util.Collections;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Not a test: prints how long the structure scan takes on hostile and on large ordinary inputs, and
 * how long ImageIO then takes on inputs that pass the scan. Run by hand with the test classpath.
 */
final class ScanTimings {
  private static final int RUNS = 7;

  private ScanTimings() {}

  public static void main(String[] args) {
    byte[] rocket = resource("rocket.jpg");
    byte[] soi = slice(rocket, 0, 2);
    byte[] eoi = slice(rocket, rocket.length - 2, rocket.length);
    byte[] body = slice(rocket, 2, rocket.length);
    byte[] beforeEoi = slice(rocket, 0, rocket.length - 2);

    scan("JPEG, 25 MB of empty APP2 segments", concat(soi, repeat(new byte[] {-1, (byte) 0xE2, 0, 2}, 6 << 20), body));
    scan("JPEG, 24 MB of fill bytes", concat(soi, filled(24 << 20, 0xFF), body));
    byte[] stuffed = concat(beforeEoi, repeat(new byte[] {(byte) 0xFF, 0}, 12 << 20), eoi);
    scan("JPEG, 24 MB of stuffed 0xFF 0x00 scan data (passes)", stuffed);
    byte[] random = new byte[24 << 20];
    new java.util.Random(4).nextBytes(random);
    scan("JPEG, 24 MB of random scan data", concat(beforeEoi, random, eoi));
    byte[] bigJpeg = TestPictures.encode(TestPictures.noise(4000, 3000, 1), "jpeg");
    scan("JPEG, 12 MP of noise (" + bigJpeg.length / 1024 + " KiB, passes)", bigJpeg);
    byte[] bigPng = TestPictures.encode(TestPictures.noise(2600, 2600, 2), "png");
    scan("PNG, 6.8 MP of noise (" + bigPng.length / 1024 + " KiB, passes)", bigPng);
    scan("PNG, 24 MB of empty chunks",
        PngStructure.withAfterIhdr(resource("chelsea.png"),
            Collections.nCopies((24 << 20) / 12, new Chunk("prVt", new byte[0]))));
    scan("PNG, 20 MB image data in 256-byte IDAT chunks (passes)", PngStructure.withImageDataSplit(bigPng,
        (int) (PngLimits.maxChunks(bigPng.length) * 0.9)));
    crc("CRC-32 alone over the PNG above", bigPng);

    int existing = JpegStructure.segmentCount(rocket);
    byte[] comments = concat(soi, repeat(segment(0xFE, new byte[] {'x'}), JpegLimits.MAX_SEGMENTS - existing), body);
    decode("ImageIO decode, rocket.jpg as is", rocket);
    decode("ImageIO decode, rocket.jpg with " + JpegLimits.MAX_SEGMENTS + " segments (passes)", comments);
    decode("ImageIO decode, rocket.jpg + 24 MB stuffed scan data (passes)", stuffed);
    int sos = JpegStructure.offset(rocket, 0xDA);
    byte[] scan = concat(slice(rocket, sos, sos + JpegStructure.segmentLength(rocket, sos)), new byte[] {1, 2, 3});
    byte[] once = repeatedScans(1);
    int scansOnce = JpegStructure.count(once, 0xDA);
    decode("ImageIO decode, 16.7 MP progressive, " + scansOnce + " scans", once);
    int times = JpegLimits.MAX_SCANS / scansOnce;
    decode("ImageIO decode, 16.7 MP progressive, same scans x" + times + " (passes)", repeatedScans(times));
    decode("ImageIO decode, rocket.jpg + " + (JpegLimits.MAX_SCANS - 1) + " extra scans (passes)",
        concat(beforeEoi, repeat(scan, JpegLimits.MAX_SCANS - 1), eoi));
  }

  /** A smooth 16.7 MP picture (the default pixel limit) whose progressive scans are repeated {@code times}. */
  private static byte[] repeatedScans(int times) {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(4096, 4096,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4096; y++) {
      for (int x = 0; x < 4096; x++) {
        img.setRGB(x, y, ((x >> 4) << 16) | ((y >> 4) << 8) | ((x ^ y) & 0xff));
      }
    }
    byte[] p = JpegStructure.progressive(img);
    int sof = JpegStructure.offset(p, 0xC2);
    int scansFrom = sof + JpegStructure.segmentLength(p, sof);
    byte[] scans = slice(p, scansFrom, p.length - 2);
    return concat(slice(p, 0, scansFrom), repeat(scans, times), slice(p, p.length - 2, p.length));
  }

  private static void scan(String what, byte[] bytes) {
    SegmentBuffer buf = ScanInputs.buffer(bytes);
    try {
      time(what + " — scan", buf, b -> {
        try {
          ImageHeader.read(b);
        } catch (ProblemException e) {
          // refused, as it should be; the time is what is measured here
        }
      });
    } finally {
      buf.release();
    }
  }

  private static void crc(String what, byte[] bytes) {
    SegmentBuffer buf = ScanInputs.buffer(bytes);
    try {
      time(what, buf, b -> {
        try (ByteCursor c = new ByteCursor(b)) {
          c.update(new CRC32(), 0, c.length());
        }
      });
    } finally {
      buf.release();
    }
  }

  private static void decode(String what, byte[] bytes) {
    SegmentBuffer buf = ScanInputs.buffer(bytes);
    try {
      ImageHeader h = ImageHeader.read(buf);
      time(what, buf, b -> {
        try {
          new ImageDecoder(ScanInputs.POOL).decode(b, h).close();
        } catch (ProblemException e) {
          // refused by the decoder; still timed
        }
      });
    } finally {
      buf.release();
    }
  }

  private static void time(String what, SegmentBuffer buf, Consumer<SegmentBuffer> run) {
    long[] ms = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      run.accept(buf);
      ms[i] = (System.nanoTime() - t) / 1000;
    }
    Arrays.sort(ms);
    System.out.printf("%-75s %5.1f MB  min %7.2f ms  median %7.2f ms%n", what, buf.length() / 1e6, ms[0] / 1000.0,
        ms[RUNS / 2] / 1000.0);
  }
}
