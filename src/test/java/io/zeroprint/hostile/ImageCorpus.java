package io.zeroprint.hostile;

import static io.zeroprint.image.ScanInputs.chunk;
import static io.zeroprint.image.ScanInputs.concat;
import static io.zeroprint.image.ScanInputs.filled;
import static io.zeroprint.image.ScanInputs.repeat;
import static io.zeroprint.image.ScanInputs.segment;
import static io.zeroprint.image.ScanInputs.slice;

import io.zeroprint.ServerTestBase;
import io.zeroprint.TestImages;
import io.zeroprint.image.JpegStructure;
import io.zeroprint.image.PngStructure;
import io.zeroprint.image.PngStructure.Chunk;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Hostile image bodies, built in memory from the small test pictures (nothing binary is committed):
 * PNG chunk-level and JPEG marker-level damage, polyglots, foreign formats. Each case names what it
 * is and states the one correct answer.
 */
public final class ImageCorpus {
  /** One hostile image: a sentence naming it, its bytes, and the answer it must get. */
  public record ImageCase(String name, byte[] bytes, Expect expect) {}

  static final long MAX_UPLOAD = 4L << 20;
  static final int JPEG_SOS = 0xDA;

  private ImageCorpus() {}

  // ---- base images: small, so the cases that pass every check are enhanced in milliseconds -------

  public static BufferedImage crop(String resource, int x, int y, int w, int h) {
    try {
      BufferedImage src = ImageIO.read(new ByteArrayInputStream(ServerTestBase.resource("images/" + resource)));
      BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      out.getGraphics().drawImage(src.getSubimage(x, y, w, h), 0, 0, null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 32×32 crop of chelsea.png, as IHDR, tEXt, four IDAT chunks, IEND. */
  public static byte[] basePng() {
    byte[] plain = TestImages.encode(crop("chelsea.png", 200, 100, 32, 32), "png");
    byte[] split = PngStructure.withImageDataSplit(plain, 4);
    List<Chunk> chunks = new ArrayList<>(PngStructure.chunks(split));
    chunks.add(1, new Chunk("tEXt", "Comment\0zeroprint hostile corpus".getBytes(StandardCharsets.ISO_8859_1)));
    return PngStructure.build(chunks);
  }

  /** A 32×32 crop of rocket.jpg, baseline. */
  public static byte[] baseJpeg() {
    return TestImages.encode(crop("rocket.jpg", 300, 150, 32, 32), "jpeg");
  }

  /** The same crop, progressive. */
  public static byte[] progressiveJpeg() {
    return JpegStructure.progressive(crop("rocket.jpg", 300, 150, 32, 32));
  }

  // ---- JPEG surgery -------------------------------------------------------------------------------

  /** A JPEG split as SOI, the marker segments before the first scan, and the rest (SOS…EOI). */
  record Jpeg(List<byte[]> segments, byte[] scans) {
    static Jpeg parse(byte[] jpeg) {
      List<byte[]> segments = new ArrayList<>();
      int pos = 2;
      while ((jpeg[pos + 1] & 0xff) != JPEG_SOS) {
        int len = JpegStructure.segmentLength(jpeg, pos);
        segments.add(slice(jpeg, pos, pos + len));
        pos += len;
      }
      return new Jpeg(segments, slice(jpeg, pos, jpeg.length));
    }

    int indexOf(int marker) {
      for (int i = 0; i < segments.size(); i++) {
        if ((segments.get(i)[1] & 0xff) == marker) {
          return i;
        }
      }
      throw new IllegalArgumentException("no marker " + Integer.toHexString(marker));
    }

    byte[] build() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
      segments.forEach(out::writeBytes);
      out.writeBytes(scans);
      return out.toByteArray();
    }

    Jpeg with(int index, byte[] segment) {
      List<byte[]> s = new ArrayList<>(segments);
      s.set(index, segment);
      return new Jpeg(s, scans);
    }

    Jpeg inserted(int index, byte[]... extra) {
      List<byte[]> s = new ArrayList<>(segments);
      s.addAll(index, List.of(extra));
      return new Jpeg(s, scans);
    }

    Jpeg withScans(byte[] newScans) {
      return new Jpeg(segments, newScans);
    }

    /** Offsets (in the built file) where each segment, the first scan and EOI start. */
    List<Integer> boundaries() {
      List<Integer> b = new ArrayList<>();
      int pos = 2;
      b.add(pos);
      for (byte[] s : segments) {
        pos += s.length;
        b.add(pos);
      }
      int sosLength = JpegStructure.segmentLength(scans, 0);
      b.add(pos + sosLength);
      b.add(pos + scans.length - 2);
      return b;
    }
  }

  /** The SOF0 segment with its height and width replaced. */
  static byte[] sofWithSize(byte[] sof, int width, int height) {
    byte[] s = sof.clone();
    s[5] = (byte) (height >> 8);
    s[6] = (byte) height;
    s[7] = (byte) (width >> 8);
    s[8] = (byte) width;
    return s;
  }

  static byte[] withMarker(byte[] segment, int marker) {
    byte[] s = segment.clone();
    s[1] = (byte) marker;
    return s;
  }

  /** An APP1 EXIF segment with a big-endian TIFF body. */
  static byte[] exif(byte[] tiff) {
    return segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff));
  }

  // ---- the cases ----------------------------------------------------------------------------------

  public static List<ImageCase> all() {
    List<ImageCase> cases = new ArrayList<>();
    cases.addAll(png());
    cases.addAll(jpeg());
    cases.addAll(polyglots());
    return cases;
  }

  static List<ImageCase> png() {
    List<ImageCase> c = new ArrayList<>();
    byte[] base = basePng();
    List<Chunk> chunks = PngStructure.chunks(base);
    byte[] ihdr = chunks.get(0).data();
    c.add(new ImageCase("the untouched 32×32 PNG is enhanced", base, Expect.png()));

    // CRCs
    for (int i = 0; i < chunks.size(); i++) {
      byte[] bad = base.clone();
      int end = chunkEnd(base, i);
      bad[end - 1] ^= 0x01;
      c.add(new ImageCase("a PNG whose " + chunks.get(i).type() + " chunk (#" + i + ") has a wrong CRC is corrupt", bad,
          Expect.corrupt()));
    }

    // IHDR lies
    c.add(ihdrCase("an IHDR declaring width 0", chunks, PngStructure.ihdr(0, 32, 8, 2, 0), Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring height 0", chunks, PngStructure.ihdr(32, 0, 8, 2, 0), Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring width 2^31 (past the format's limit)", chunks, PngStructure.ihdr(1L << 31, 32, 8, 2, 0),
        Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring 2^31-1 × 1 pixels", chunks, PngStructure.ihdr((1L << 31) - 1, 1, 8, 2, 0),
        Expect.problem(422, "too_many_pixels")));
    c.add(ihdrCase("an IHDR declaring 50000 × 50000 pixels", chunks, PngStructure.ihdr(50_000, 50_000, 8, 2, 0),
        Expect.problem(422, "too_many_pixels")));
    c.add(ihdrCase("an IHDR declaring 1001 × 1000 pixels, one row over the limit", chunks,
        PngStructure.ihdr(1001, 1000, 8, 2, 0), Expect.problem(422, "too_many_pixels")));
    c.add(ihdrCase("an IHDR declaring 64×64 over 32×32 pixel data", chunks, PngStructure.ihdr(64, 64, 8, 2, 0),
        Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring 1000×1000 (at the limit) over 32×32 pixel data", chunks,
        PngStructure.ihdr(1000, 1000, 8, 2, 0), Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring RGB at bit depth 4", chunks, PngStructure.ihdr(32, 32, 4, 2, 0), Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring bit depth 3", chunks, PngStructure.ihdr(32, 32, 3, 0, 0), Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring bit depth 0", chunks, PngStructure.ihdr(32, 32, 0, 2, 0), Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring colour type 5", chunks, PngStructure.ihdr(32, 32, 8, 5, 0), Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring colour type 7", chunks, PngStructure.ihdr(32, 32, 8, 7, 0), Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring interlace method 2", chunks, PngStructure.ihdr(32, 32, 8, 2, 2), Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring a palette image without a PLTE chunk", chunks, PngStructure.ihdr(32, 32, 8, 3, 0),
        Expect.corrupt()));
    byte[] ihdrCompression = ihdr.clone();
    ihdrCompression[10] = 1;
    c.add(ihdrCase("an IHDR declaring compression method 1", chunks, ihdrCompression, Expect.corrupt()));
    byte[] ihdrFilter = ihdr.clone();
    ihdrFilter[11] = 1;
    c.add(ihdrCase("an IHDR declaring filter method 1", chunks, ihdrFilter, Expect.corrupt()));
    c.add(ihdrCase("an IHDR chunk 12 bytes long", chunks, slice(ihdr, 0, 12), Expect.corrupt()));
    c.add(ihdrCase("an IHDR chunk 14 bytes long", chunks, concat(ihdr, new byte[1]), Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring 16-bit RGB over 8-bit pixel data", chunks, PngStructure.ihdr(32, 32, 16, 2, 0),
        Expect.corrupt()));
    c.add(ihdrCase("an IHDR declaring 8-bit RGBA over RGB pixel data", chunks, PngStructure.ihdr(32, 32, 8, 6, 0),
        Expect.corrupt()));
    c.add(new ImageCase("a PNG whose first chunk is not IHDR is corrupt",
        PngStructure.build(swapped(chunks, 0, 1)), Expect.corrupt()));
    c.add(new ImageCase("a PNG with two IHDR chunks is corrupt", PngStructure.withAfterIhdr(base, List.of(chunks.get(0))),
        Expect.corrupt()));

    // structure
    c.add(new ImageCase("a PNG with a 1.5 MiB zTXt chunk is corrupt (text cap)",
        PngStructure.withAfterIhdr(base, List.of(new Chunk("zTXt", concat("k\0\0".getBytes(), noise(3 << 19, 1))))),
        Expect.corrupt()));
    c.add(new ImageCase("a PNG with a zTXt bomb (64 KiB inflating to 64 MiB) is still enhanced, the text never inflated",
        PngStructure.withAfterIhdr(base, List.of(new Chunk("zTXt", concat("k\0\0".getBytes(), deflate(new byte[64 << 20]))))),
        Expect.png()));
    c.add(new ImageCase("a PNG with a 1.5 MiB iCCP chunk is corrupt (profile cap)",
        PngStructure.withAfterIhdr(base, List.of(new Chunk("iCCP", concat("icc\0\0".getBytes(), noise(3 << 19, 2))))),
        Expect.corrupt()));
    c.add(new ImageCase("a PNG whose iCCP chunk is not a colour profile is enhanced as sRGB (the profile is ignored)",
        PngStructure.withAfterIhdr(base, List.of(new Chunk("iCCP", concat("icc\0\0".getBytes(), deflate(noise(2000, 3)))))),
        Expect.png()));
    c.add(new ImageCase("a PNG whose iCCP chunk does not inflate is enhanced as sRGB (the profile is ignored)",
        PngStructure.withAfterIhdr(base, List.of(new Chunk("iCCP", concat("icc\0\0".getBytes(), noise(2000, 4))))),
        Expect.png()));
    c.add(new ImageCase("a PNG with its image data split into 40 IDAT chunks is enhanced",
        PngStructure.withImageDataSplit(base, 40), Expect.png()));
    int pieces = idatLength(chunks);
    c.add(new ImageCase("a PNG with its image data split into one-byte IDAT chunks (" + pieces + ") is corrupt",
        PngStructure.withImageDataSplit(base, pieces), Expect.corrupt()));
    c.add(new ImageCase("a PNG with 10000 empty IDAT chunks is corrupt", withEmptyIdats(chunks, 10_000), Expect.corrupt()));
    c.add(new ImageCase("a PNG with 1100 small tEXt chunks is corrupt (metadata cap)",
        PngStructure.withAfterIhdr(base, repeatChunk(new Chunk("tEXt", concat("k\0".getBytes(), noise(300, 5))), 1100)),
        Expect.corrupt()));
    c.add(new ImageCase("a PNG without IEND is corrupt", slice(base, 0, base.length - 12), Expect.corrupt()));
    c.add(new ImageCase("a PNG whose IEND carries data is corrupt",
        concat(slice(base, 0, base.length - 12), chunk("IEND", new byte[4])), Expect.corrupt()));
    c.add(new ImageCase("a PNG with bytes after IEND is enhanced (they are ignored)",
        concat(base, noise(1000, 6)), Expect.png()));
    c.add(new ImageCase("a PNG without IDAT is corrupt",
        PngStructure.build(List.of(chunks.get(0), chunks.get(chunks.size() - 1))), Expect.corrupt()));
    c.add(new ImageCase("a PNG with a tEXt chunk between its IDAT chunks is corrupt", textBetweenIdats(chunks),
        Expect.corrupt()));
    c.add(new ImageCase("a PNG whose IDAT holds no zlib stream is corrupt", replaceIdat(chunks, noise(900, 7)),
        Expect.corrupt()));
    c.add(new ImageCase("a PNG whose IDAT inflates to too few rows is corrupt",
        replaceIdat(chunks, deflate(new byte[(32 * 3 + 1) * 10])), Expect.corrupt()));
    c.add(new ImageCase("a PNG whose rows use filter type 9 is corrupt", replaceIdat(chunks, deflate(filterRows(9))),
        Expect.corrupt()));
    c.add(new ImageCase("a PNG with a chunk type that is not letters is corrupt",
        PngStructure.withAfterIhdr(base, List.of(new Chunk("a1b2", new byte[4]))), Expect.corrupt()));
    c.add(new ImageCase("a PNG with a chunk length past the format's limit is corrupt",
        concat(slice(base, 0, 33), ByteBuffer.allocate(4).putInt(0x8000_0000).array(), "tEXt".getBytes(),
            slice(base, 33, base.length)), Expect.corrupt()));
    c.add(new ImageCase("a PNG with a chunk length past the end of the file is corrupt",
        concat(slice(base, 0, 33), ByteBuffer.allocate(4).putInt(0x00FF_FFFF).array(), "tEXt".getBytes(),
            slice(base, 33, base.length)), Expect.corrupt()));
    c.add(new ImageCase("a PNG with a palette after its image data is corrupt",
        concat(slice(base, 0, base.length - 12), chunk("PLTE", new byte[3]), chunk("IEND", new byte[0])), Expect.corrupt()));
    c.add(new ImageCase("an APNG (acTL before the image data) is refused as animated",
        PngStructure.withAfterIhdr(base, List.of(new Chunk("acTL", ByteBuffer.allocate(8).putInt(2).putInt(0).array()))),
        Expect.problem(422, "animated_image")));
    c.add(new ImageCase("an APNG declaring 2^31 frames is refused as animated",
        PngStructure.withAfterIhdr(base, List.of(new Chunk("acTL", ByteBuffer.allocate(8).putInt(0x7FFF_FFFF).putInt(0).array()))),
        Expect.problem(422, "animated_image")));
    c.add(new ImageCase("a still PNG with an acTL after its image data is enhanced",
        concat(slice(base, 0, base.length - 12), chunk("acTL", ByteBuffer.allocate(8).putInt(2).putInt(0).array()),
            chunk("IEND", new byte[0])), Expect.png()));
    c.add(new ImageCase("a grey 16-bit PNG is enhanced", TestImages.encode(grey16(), "png"), Expect.png()));
    c.add(new ImageCase("an RGBA PNG is enhanced", TestImages.encode(rgba(), "png"), Expect.png()));

    // truncations at every chunk boundary, and 4 and 8 bytes into each chunk
    List<Integer> starts = chunkStarts(base);
    for (int i = 0; i < starts.size(); i++) {
      String what = i < chunks.size() ? chunks.get(i).type() + " chunk (#" + i + ")" : "end";
      for (int into : new int[] {0, 4, 8}) {
        int at = starts.get(i) + into;
        if (at >= base.length) {
          continue;
        }
        c.add(new ImageCase("a PNG cut " + (into == 0 ? "right before" : into + " bytes into") + " its " + what
            + " is corrupt", slice(base, 0, at), Expect.corrupt()));
      }
    }
    c.add(new ImageCase("a PNG cut one byte before its end is corrupt", slice(base, 0, base.length - 1), Expect.corrupt()));
    c.add(new ImageCase("a PNG cut inside its signature is not an image format we take", slice(base, 0, 5),
        Expect.unsupportedFormat()));
    return c;
  }

  static List<ImageCase> jpeg() {
    List<ImageCase> c = new ArrayList<>();
    byte[] base = baseJpeg();
    Jpeg j = Jpeg.parse(base);
    int sof = j.indexOf(0xC0);
    byte[] sofSeg = j.segments().get(sof);
    byte[] rocket = ServerTestBase.resource("images/rocket.jpg");
    c.add(new ImageCase("the untouched 32×32 JPEG is enhanced", base, Expect.png()));
    c.add(new ImageCase("the untouched progressive 32×32 JPEG is enhanced", progressiveJpeg(), Expect.png()));

    // the APP2 flood that once held a worker for 14 minutes, at the test upload limit
    int floodCount = (int) ((MAX_UPLOAD - rocket.length - 2) / 4);
    byte[] flood = concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, repeat(new byte[] {(byte) 0xFF, (byte) 0xE2, 0, 2}, floodCount),
        slice(rocket, 2, rocket.length));
    c.add(new ImageCase("an APP2 flood (" + floodCount + " empty APP2 segments before a real JPEG, just under 4 MiB) is corrupt",
        flood, Expect.corrupt()));
    c.add(new ImageCase("an APP2 flood one segment past the upload limit is too large",
        concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, repeat(new byte[] {(byte) 0xFF, (byte) 0xE2, 0, 2}, floodCount + 1),
            slice(rocket, 2, rocket.length)), Expect.problem(413, "payload_too_large")));
    c.add(new ImageCase("513 empty COM segments are corrupt (segment cap)",
        j.inserted(0, repeatArray(segment(0xFE, new byte[0]), 513)).build(), Expect.corrupt()));
    c.add(new ImageCase("60 APP1 segments of 60 KB each stay within every cap and the JPEG is enhanced",
        j.inserted(1, repeatArray(segment(0xE1, noise(60_000, 8)), 60)).build(), Expect.png()));
    c.add(new ImageCase("a flood of 3 MiB of 0xFF fill bytes before SOF is corrupt",
        j.inserted(sof, filled(3 << 20, 0xFF)).build(), Expect.corrupt()));
    c.add(new ImageCase("a flood of 3 MiB of 0xFF fill bytes inside the scan data is corrupt",
        fillInsideScan(j, 3 << 20), Expect.corrupt()));
    c.add(new ImageCase("100 fill bytes before SOF are allowed and the JPEG is enhanced",
        j.inserted(sof, filled(100, 0xFF)).build(), Expect.png()));
    c.add(new ImageCase("an ICC profile of 2.5 MiB split over APP2 segments is corrupt (profile cap)",
        j.inserted(1, iccSegments(40)).build(), Expect.corrupt()));

    // frame header lies
    c.add(new ImageCase("a SOF declaring height 0 (DNL-defined) is corrupt", j.with(sof, sofWithSize(sofSeg, 32, 0)).build(),
        Expect.corrupt()));
    c.add(new ImageCase("a SOF declaring width 0 is corrupt", j.with(sof, sofWithSize(sofSeg, 0, 32)).build(),
        Expect.corrupt()));
    c.add(new ImageCase("a SOF declaring 65535×65535 is refused before decoding",
        j.with(sof, sofWithSize(sofSeg, 65535, 65535)).build(), Expect.problem(422, "too_many_pixels")));
    c.add(new ImageCase("a SOF declaring 1001×1000 is refused before decoding",
        j.with(sof, sofWithSize(sofSeg, 1001, 1000)).build(), Expect.problem(422, "too_many_pixels")));
    c.add(new ImageCase("a SOF declaring 1000×1000 over 32×32 scan data is corrupt",
        j.with(sof, sofWithSize(sofSeg, 1000, 1000)).build(), Expect.corrupt()));
    byte[] twelveBit = sofSeg.clone();
    twelveBit[4] = 12;
    c.add(new ImageCase("a 12-bit JPEG is corrupt (not decodable here)", j.with(sof, twelveBit).build(), Expect.corrupt()));
    byte[] fiveComponents = sofSeg.clone();
    fiveComponents[9] = 5;
    c.add(new ImageCase("a SOF declaring 5 components is corrupt", j.with(sof, fiveComponents).build(), Expect.corrupt()));
    byte[] badSampling = sofSeg.clone();
    badSampling[11] = 0x55;
    c.add(new ImageCase("a SOF with sampling factor 5 is corrupt", j.with(sof, badSampling).build(), Expect.corrupt()));
    byte[] badTable = sofSeg.clone();
    badTable[12] = 7;
    c.add(new ImageCase("a SOF naming quantization table 7 is corrupt", j.with(sof, badTable).build(), Expect.corrupt()));
    c.add(new ImageCase("an arithmetic-coded JPEG (SOF9) is corrupt", j.with(sof, withMarker(sofSeg, 0xC9)).build(),
        Expect.corrupt()));
    c.add(new ImageCase("a lossless JPEG (SOF3) is corrupt", j.with(sof, withMarker(sofSeg, 0xC3)).build(), Expect.corrupt()));
    c.add(new ImageCase("a hierarchical JPEG (SOF5) is corrupt", j.with(sof, withMarker(sofSeg, 0xC5)).build(),
        Expect.corrupt()));
    c.add(new ImageCase("a JPEG with two SOF segments is corrupt", j.inserted(sof, sofSeg).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with an arithmetic conditioning (DAC) segment is corrupt",
        j.inserted(sof, segment(0xCC, new byte[] {0, 0x10})).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with a DNL marker is corrupt",
        j.inserted(sof + 1, segment(0xDC, new byte[] {0, 32})).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with an SOS before its SOF is corrupt",
        concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, j.scans()), Expect.corrupt()));
    c.add(new ImageCase("a JPEG without SOF is corrupt",
        new Jpeg(without(j.segments(), sof), j.scans()).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with EOI right after SOI is corrupt", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF,
        (byte) 0xD9}, Expect.corrupt()));
    c.add(new ImageCase("a JPEG with 17 DQT segments is corrupt (table cap)",
        j.inserted(sof, repeatArray(j.segments().get(j.indexOf(0xDB)), 17)).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with 65 DHT segments is corrupt (table cap)",
        j.inserted(sof + 1, repeatArray(j.segments().get(j.indexOf(0xC4)), 65)).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with no Huffman tables is decoded with the standard ones (as Motion-JPEG frames are)",
        new Jpeg(j.segments().stream().filter(s -> (s[1] & 0xff) != 0xC4).toList(), j.scans()).build(), Expect.png()));
    c.add(new ImageCase("a JPEG with no quantization tables is corrupt",
        new Jpeg(j.segments().stream().filter(s -> (s[1] & 0xff) != 0xDB).toList(), j.scans()).build(), Expect.corrupt()));

    // scans
    byte[] scans = j.scans();
    int sosLen = JpegStructure.segmentLength(scans, 0);
    byte[] sos = slice(scans, 0, sosLen);
    byte[] entropy = slice(scans, sosLen, scans.length - 2);
    byte[] eoi = {(byte) 0xFF, (byte) 0xD9};
    c.add(new ImageCase("a JPEG with 1000 scans is corrupt (scan cap)",
        j.withScans(concat(repeat(concat(sos, entropy), 1000), eoi)).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with 33 scans is corrupt (scan cap)",
        j.withScans(concat(repeat(concat(sos, entropy), 33), eoi)).build(), Expect.corrupt()));
    byte[] progressive = progressiveJpeg();
    Jpeg p = Jpeg.parse(progressive);
    byte[] pscans = slice(p.scans(), 0, p.scans().length - 2);
    c.add(new ImageCase("a progressive JPEG whose scans are repeated 100 times (1000 scans) is corrupt",
        p.withScans(concat(repeat(pscans, 100), eoi)).build(), Expect.corrupt()));
    byte[] sosBadComponent = sos.clone();
    sosBadComponent[5] = 9;
    c.add(new ImageCase("a scan of a component the frame does not have is corrupt",
        j.withScans(concat(sosBadComponent, entropy, eoi)).build(), Expect.corrupt()));
    byte[] sosBadSpectral = sos.clone();
    sosBadSpectral[sosBadSpectral.length - 3] = 10;
    sosBadSpectral[sosBadSpectral.length - 2] = 5;
    c.add(new ImageCase("a scan whose spectral start is after its end is corrupt",
        j.withScans(concat(sosBadSpectral, entropy, eoi)).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG without EOI is corrupt", slice(base, 0, base.length - 2), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with bytes after EOI is enhanced (they are ignored)", concat(base, noise(5000, 9)),
        Expect.png()));
    c.add(new ImageCase("a JPEG with a restart interval but no restart markers is corrupt",
        j.inserted(sof, segment(0xDD, new byte[] {0, 1})).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with a restart marker between its segments is corrupt",
        j.inserted(sof, new byte[] {(byte) 0xFF, (byte) 0xD0}).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with a segment length of 1 is corrupt",
        j.inserted(sof, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1}).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with a segment running past the end of the file is corrupt",
        concat(slice(base, 0, 2), new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFF, (byte) 0xF0}, slice(base, 2, 100)),
        Expect.corrupt()));
    c.add(new ImageCase("a JPEG with a byte that is not a marker between segments is corrupt",
        j.inserted(sof, new byte[] {0x42}).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with a second SOI marker is corrupt",
        j.inserted(sof, new byte[] {(byte) 0xFF, (byte) 0xD8}).build(), Expect.corrupt()));
    c.add(new ImageCase("a JPEG with a 64 KB comment is enhanced",
        j.inserted(0, segment(0xFE, filled(65_000, 'a'))).build(), Expect.png()));

    // EXIF
    c.add(new ImageCase("EXIF whose IFD0 links to itself (a loop) is ignored and the JPEG enhanced",
        j.inserted(0, exif(tiff(1, 8))).build(), Expect.png()));
    c.add(new ImageCase("EXIF whose IFD0 offset is past the end is ignored and the JPEG enhanced",
        j.inserted(0, exif(new byte[] {'M', 'M', 0, 42, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})).build(), Expect.png()));
    c.add(new ImageCase("EXIF whose IFD0 claims 65535 entries is ignored and the JPEG enhanced",
        j.inserted(0, exif(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0})).build(), Expect.png()));
    c.add(new ImageCase("EXIF whose orientation value is 9 (outside 1..8) is ignored and the JPEG enhanced",
        j.inserted(0, exif(tiff(9, 0))).build(), Expect.png()));
    c.add(new ImageCase("EXIF whose byte-order mark is neither II nor MM is ignored and the JPEG enhanced",
        j.inserted(0, exif(new byte[] {'X', 'X', 0, 42, 0, 0, 0, 8})).build(), Expect.png()));
    c.add(new ImageCase("EXIF truncated inside its first entry is ignored and the JPEG enhanced",
        j.inserted(0, exif(slice(tiff(6, 0), 0, 14))).build(), Expect.png()));
    c.add(new ImageCase("EXIF whose orientation entry points its value past the end is ignored and the JPEG enhanced",
        j.inserted(0, exif(tiffOutOfLine())).build(), Expect.png()));
    c.add(new ImageCase("an empty APP1 segment tagged Exif is ignored and the JPEG enhanced",
        j.inserted(0, exif(new byte[0])).build(), Expect.png()));

    // truncations at every marker boundary, and one and three bytes into each segment
    for (int at : j.boundaries()) {
      for (int into : new int[] {0, 1, 3}) {
        int cut = at + into;
        if (cut >= base.length) {
          continue;
        }
        boolean noMagic = cut < 3; // FF D8 FF is the magic
        c.add(new ImageCase("a JPEG cut " + (into == 0 ? "at" : into + " bytes after") + " offset " + at
            + " (a marker boundary) is " + (noMagic ? "not an image format we take" : "corrupt"), slice(base, 0, cut),
            noMagic ? Expect.unsupportedFormat() : Expect.corrupt()));
      }
    }
    c.add(new ImageCase("a JPEG cut halfway through its scan data is corrupt", slice(base, 0, base.length / 2 + 200),
        Expect.corrupt()));
    c.add(new ImageCase("a JPEG whose scan data is cut halfway and then ended with EOI is corrupt",
        concat(slice(base, 0, base.length / 2 + 200), eoi), Expect.corrupt()));
    c.add(new ImageCase("a JPEG cut to its first two bytes is not an image format we take", slice(base, 0, 2),
        Expect.unsupportedFormat()));
    return c;
  }

  static List<ImageCase> polyglots() {
    List<ImageCase> c = new ArrayList<>();
    byte[] png = basePng();
    byte[] jpeg = baseJpeg();
    byte[] zip = zip();
    byte[] html = "<!doctype html><html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
    c.add(new ImageCase("a PNG followed by a ZIP archive is enhanced as a PNG", concat(png, zip), Expect.png()));
    c.add(new ImageCase("a ZIP archive followed by a PNG is not an image format we take", concat(zip, png),
        Expect.unsupportedFormat()));
    c.add(new ImageCase("a JPEG followed by HTML is enhanced as a JPEG", concat(jpeg, html), Expect.png()));
    c.add(new ImageCase("HTML followed by a JPEG is not an image format we take", concat(html, jpeg),
        Expect.unsupportedFormat()));
    c.add(new ImageCase("a JPEG with HTML in a comment segment is enhanced as a JPEG",
        Jpeg.parse(jpeg).inserted(0, segment(0xFE, html)).build(), Expect.png()));
    c.add(new ImageCase("a PNG with HTML in a tEXt chunk is enhanced as a PNG",
        PngStructure.withAfterIhdr(png, List.of(new Chunk("tEXt", concat("html\0".getBytes(), html)))), Expect.png()));
    c.add(new ImageCase("a GIF is not an image format we take", TestImages.encode(TestImages.gradient(8, 8), "gif"),
        Expect.unsupportedFormat()));
    c.add(new ImageCase("a BMP is not an image format we take", TestImages.encode(TestImages.gradient(8, 8), "bmp"),
        Expect.unsupportedFormat()));
    c.add(new ImageCase("a TIFF is not an image format we take", TestImages.encode(TestImages.gradient(8, 8), "tiff"),
        Expect.unsupportedFormat()));
    c.add(new ImageCase("a big-endian TIFF header is not an image format we take",
        concat(new byte[] {'M', 'M', 0, 42}, noise(200, 10)), Expect.unsupportedFormat()));
    c.add(new ImageCase("a WebP (RIFF…WEBP) is not an image format we take",
        concat("RIFF".getBytes(), new byte[] {100, 0, 0, 0}, "WEBPVP8 ".getBytes(), noise(100, 11)), Expect.unsupportedFormat()));
    c.add(new ImageCase("an SVG is not an image format we take",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(), Expect.unsupportedFormat()));
    c.add(new ImageCase("a PDF is not an image format we take", "%PDF-1.7\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1),
        Expect.unsupportedFormat()));
    c.add(new ImageCase("a GIF header followed by a PNG is not an image format we take",
        concat("GIF89a".getBytes(), png), Expect.unsupportedFormat()));
    c.add(new ImageCase("a JPEG magic followed by PNG bytes is corrupt",
        concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, slice(png, 3, png.length)), Expect.corrupt()));
    c.add(new ImageCase("a PNG signature followed by a JPEG is corrupt", concat(PngStructure.signature(), jpeg),
        Expect.corrupt()));
    c.add(new ImageCase("a one-byte body is not an image format we take", new byte[] {(byte) 0x89}, Expect.unsupportedFormat()));
    c.add(new ImageCase("a one-byte 0xFF body is not an image format we take", new byte[] {(byte) 0xFF},
        Expect.unsupportedFormat()));
    c.add(new ImageCase("four zero bytes are not an image format we take", new byte[4], Expect.unsupportedFormat()));
    c.add(new ImageCase("an empty body carries no image", new byte[0], Expect.problem(400, "missing_image")));
    return c;
  }

  // ---- helpers ------------------------------------------------------------------------------------

  static ImageCase ihdrCase(String what, List<Chunk> chunks, byte[] ihdr, Expect e) {
    List<Chunk> all = new ArrayList<>(chunks);
    all.set(0, new Chunk("IHDR", ihdr));
    String verdict = e.success() ? "is enhanced" : e.code().equals("corrupt_image") ? "is corrupt" : "is refused before decoding";
    return new ImageCase(what + " " + verdict, PngStructure.build(all), e);
  }

  static List<Chunk> swapped(List<Chunk> chunks, int a, int b) {
    List<Chunk> out = new ArrayList<>(chunks);
    java.util.Collections.swap(out, a, b);
    return out;
  }

  static List<Integer> chunkStarts(byte[] png) {
    List<Integer> starts = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(png);
    for (int pos = 8; pos + 12 <= png.length; pos += 12 + b.getInt(pos)) {
      starts.add(pos);
    }
    return starts;
  }

  static int chunkEnd(byte[] png, int index) {
    int start = chunkStarts(png).get(index);
    return start + 12 + ByteBuffer.wrap(png).getInt(start);
  }

  static int idatLength(List<Chunk> chunks) {
    return chunks.stream().filter(c -> c.type().equals("IDAT")).mapToInt(c -> c.data().length).sum();
  }

  static byte[] withEmptyIdats(List<Chunk> chunks, int n) {
    List<Chunk> all = new ArrayList<>();
    for (Chunk ch : chunks) {
      if (ch.type().equals("IEND")) {
        all.addAll(repeatChunk(new Chunk("IDAT", new byte[0]), n));
      }
      all.add(ch);
    }
    return PngStructure.build(all);
  }

  static byte[] textBetweenIdats(List<Chunk> chunks) {
    List<Chunk> all = new ArrayList<>();
    boolean inserted = false;
    for (Chunk ch : chunks) {
      all.add(ch);
      if (ch.type().equals("IDAT") && !inserted) {
        all.add(new Chunk("tEXt", "k\0v".getBytes()));
        inserted = true;
      }
    }
    return PngStructure.build(all);
  }

  static byte[] replaceIdat(List<Chunk> chunks, byte[] data) {
    List<Chunk> all = new ArrayList<>();
    boolean done = false;
    for (Chunk ch : chunks) {
      if (ch.type().equals("IDAT")) {
        if (!done) {
          all.add(new Chunk("IDAT", data));
          done = true;
        }
      } else {
        all.add(ch);
      }
    }
    return PngStructure.build(all);
  }

  static byte[] filterRows(int filter) {
    byte[] raw = new byte[(32 * 3 + 1) * 32];
    for (int y = 0; y < 32; y++) {
      raw[y * (32 * 3 + 1)] = (byte) filter;
    }
    return raw;
  }

  static List<Chunk> repeatChunk(Chunk ch, int n) {
    List<Chunk> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(ch);
    }
    return out;
  }

  static byte[][] repeatArray(byte[] seg, int n) {
    byte[][] out = new byte[n][];
    for (int i = 0; i < n; i++) {
      out[i] = seg;
    }
    return out;
  }

  static List<byte[]> without(List<byte[]> list, int index) {
    List<byte[]> out = new ArrayList<>(list);
    out.remove(index);
    return out;
  }

  static byte[] fillInsideScan(Jpeg j, int fill) {
    byte[] scans = j.scans();
    int sosLen = JpegStructure.segmentLength(scans, 0);
    // a run of 0xFF inside entropy-coded data, ended by a stuffed 0x00
    return j.withScans(concat(slice(scans, 0, sosLen + 4), filled(fill, 0xFF), new byte[] {0},
        slice(scans, sosLen + 4, scans.length))).build();
  }

  static byte[][] iccSegments(int count) {
    byte[][] out = new byte[count][];
    byte[] tag = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < count; i++) {
      out[i] = segment(0xE2, concat(tag, new byte[] {(byte) (i + 1), (byte) count}, noise(65_000, 20 + i)));
    }
    return out;
  }

  /** Big-endian TIFF with IFD0 at 8 holding one Orientation entry; {@code next} is the next-IFD offset. */
  static byte[] tiff(int orientation, int next) {
    return new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
        (byte) (next >> 24), (byte) (next >> 16), (byte) (next >> 8), (byte) next};
  }

  /** An Orientation entry claiming 1000 SHORTs, so its value lies "out of line" far past the end. */
  static byte[] tiffOutOfLine() {
    return new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0x03, (byte) 0xE8, 0x7F, (byte) 0xFF,
        (byte) 0xFF, 0, 0, 0, 0, 0};
  }

  static BufferedImage grey16() {
    BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_USHORT_GRAY);
    img.getGraphics().drawImage(crop("chelsea.png", 100, 100, 24, 24), 0, 0, null);
    return img;
  }

  static BufferedImage rgba() {
    BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 24; x++) {
        img.setRGB(x, y, ((x * 10) << 24) | 0x00336699);
      }
    }
    return img;
  }

  static byte[] zip() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
      z.putNextEntry(new java.util.zip.ZipEntry("evil.html"));
      z.write("<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(9);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  static byte[] noise(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
