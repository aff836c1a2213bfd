package io.zeroprint.http.multipart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.zeroprint.Multipart;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.buffer.SegmentPool;
import io.zeroprint.config.BufferConfig;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The multipart parser and the upload form, without a server: fed byte arrays cut any way. */
class UploadFormTest {
  private static final String B = "b0undary";
  private static final int CAP = 64 * 1024;
  private static final int MAX_OPTIONS = 256;

  private final SegmentPool pool = new SegmentPool(new BufferConfig(16L << 20, 4_096, 1L << 20));
  private SegmentBuffer image;

  @AfterEach
  void release() {
    if (image != null) {
      image.release();
    }
  }

  /** What a body parsed to: the image bytes and the options text. */
  record Parsed(byte[] image, String options) {}

  @Test
  void aBodyCutAtEveryByteGivesTheSameImageAndOptions() {
    byte[] img = awkwardImage(new Random(7), 300);
    byte[] body = new Multipart(B).field("options", "{\"scale\":2}").file("image", "a.bin", "image/png", img).build();
    for (int at = 0; at <= body.length; at++) {
      Parsed p = parse(body, at);
      assertArrayEquals(img, p.image(), "cut at " + at);
      assertEquals("{\"scale\":2}", p.options(), "cut at " + at);
    }
  }

  @Test
  void aBodyFedOneByteAtATimeGivesTheSameImage() {
    byte[] img = awkwardImage(new Random(8), 2_000);
    byte[] body = new Multipart(B).file("image", "a.bin", "image/png", img).build();
    int[] cuts = new int[body.length - 1];
    Arrays.setAll(cuts, i -> i + 1);
    assertArrayEquals(img, parse(body, cuts).image());
  }

  @Test
  void randomImagesFullOfDelimiterPiecesSurviveRandomCuts() {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      byte[] img = awkwardImage(random, 1 + random.nextInt(3_000));
      byte[] body = new Multipart(B).file("image", "a.bin", "image/png", img).field("options", "{}").build();
      int[] cuts = random.ints(random.nextInt(12), 0, body.length + 1).sorted().toArray();
      assertArrayEquals(img, parse(body, cuts).image(), () -> "round with cuts " + Arrays.toString(cuts));
    }
  }

  @Test
  void theBoundaryWithoutCrlfDashesBeforeItIsData() {
    byte[] img = bytes("--" + B + "\r\n", "\n--" + B + "\r\n", "\r--" + B + "--\r\n", "\r\n-" + B, "\r\n--" + B.substring(1));
    assertArrayEquals(img, parse(new Multipart(B).file("image", "a", "x/y", img).build()).image());
  }

  @Test
  void anImageEndingInPiecesOfTheDelimiterKeepsThem() {
    for (String tail : new String[] {"\r", "\r\n", "\r\n-", "\r\n--", "\r\n--" + B.substring(0, 4), "\r\r\n\r\n--"}) {
      byte[] img = bytes("data", tail);
      byte[] body = new Multipart(B).file("image", "a", "x/y", img).build();
      for (int at = 0; at <= body.length; at++) {
        assertArrayEquals(img, parse(body, at).image(), "tail " + tail.replace("\r", "CR").replace("\n", "LF") + " cut at " + at);
      }
    }
  }

  @Test
  void aPreambleTransportPaddingAndAnEpilogueAreIgnored() {
    byte[] body = bytes("preamble\r\n--" + B + " \t\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\n",
        "IMG", "\r\n--" + B + "--\t\r\nepilogue");
    assertArrayEquals(bytes("IMG"), parse(body).image());
  }

  @Test
  void aBodyStartingWithCrlfBeforeItsFirstBoundaryIsParsed() {
    byte[] body = bytes("\r\n", new Multipart(B).file("image", "a", "x/y", bytes("IMG")).build());
    assertArrayEquals(bytes("IMG"), parse(body).image());
  }

  @Test
  void aNestedMultipartMixedImagePartIsUnpackedOneLevelDeep() {
    byte[] inner = bytes("--in\r\nContent-Type: image/png\r\n\r\n", "IMG\r\n--i", "\r\n--in--\r\n");
    byte[] body = new Multipart(B).file("image", "a", "multipart/mixed; boundary=in", inner).build();
    for (int at = 0; at <= body.length; at++) {
      assertArrayEquals(bytes("IMG\r\n--i"), parse(body, at).image(), "cut at " + at);
    }
  }

  @Test
  void aNestedPartWithTwoImagesOrNoCloseOrDeeperNestingIsRefused() {
    String two = "--in\r\n\r\nA\r\n--in\r\n\r\nB\r\n--in--";
    assertProblem(ErrorCode.UNEXPECTED_PART, new Multipart(B).file("image", "a", "multipart/mixed; boundary=in", bytes(two)).build());
    assertProblem(ErrorCode.MALFORMED_REQUEST,
        new Multipart(B).file("image", "a", "multipart/mixed; boundary=in", bytes("--in\r\n\r\nA")).build());
    assertProblem(ErrorCode.UNEXPECTED_PART, new Multipart(B).file("image", "a", "multipart/mixed; boundary=in",
        bytes("--in\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\nA\r\n--in--")).build());
    assertProblem(ErrorCode.MALFORMED_REQUEST, new Multipart(B).file("image", "a", "multipart/mixed", bytes("A")).build());
  }

  @Test
  void aBodyWithoutItsClosingBoundaryIsMalformed() {
    byte[] whole = new Multipart(B).file("image", "a", "x/y", bytes("IMG")).build();
    assertProblem(ErrorCode.MALFORMED_REQUEST, Arrays.copyOf(whole, whole.length - 4)); // ends "--b0undar"
    assertProblem(ErrorCode.MALFORMED_REQUEST, bytes("--" + B + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\nIMG\r\n--" + B + "\r\n"));
    assertProblem(ErrorCode.MALFORMED_REQUEST, bytes("--" + B + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\nIMG"));
  }

  @Test
  void aBodyThatNeverMeetsItsBoundaryCarriesNoImage() {
    assertProblem(ErrorCode.MISSING_IMAGE, new Multipart("other").file("image", "a", "x/y", bytes("IMG")).build());
    assertProblem(ErrorCode.MISSING_IMAGE, bytes("--" + B + "--\r\n"));
  }

  @Test
  void whatFollowsABoundaryMustBeDashesOrPaddingAndCrlf() {
    for (String after : new String[] {"x\r\n", "\n", "\r\r\n", "-x", " x"}) {
      assertProblem(ErrorCode.MALFORMED_REQUEST, bytes("--" + B + after + "Content-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\nIMG\r\n--" + B + "--"));
    }
    assertProblem(ErrorCode.MALFORMED_REQUEST, bytes("--" + B + " ".repeat(300) + "\r\n\r\nIMG\r\n--" + B + "--"));
  }

  @Test
  void partHeadersAreBoundedPerPartAndInAll() {
    String pad = "X-Pad: " + "a".repeat(MultipartParser.MAX_PART_HEADER_BYTES) + "\r\n";
    assertProblem(ErrorCode.MALFORMED_REQUEST, bytes("--" + B + "\r\n" + pad + "Content-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\nIMG\r\n--" + B + "--"));
    String part = "--" + B + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\nX-Pad: " + "a".repeat(7_000)
        + "\r\n\r\nIMG\r\n";
    String field = "--" + B + "\r\nContent-Disposition: form-data; name=\"options\"\r\nX-Pad: " + "a".repeat(7_000) + "\r\n\r\n{}\r\n";
    String third = "--" + B + "\r\nContent-Disposition: form-data; name=\"f\"\r\nX-Pad: " + "a".repeat(7_000) + "\r\n\r\nx\r\n";
    assertEquals("{}", parse(bytes(part + field + "--" + B + "--")).options());
    assertProblem(ErrorCode.MALFORMED_REQUEST, bytes(part + field + third + "--" + B + "--"));
  }

  @Test
  void headerLinesWithBareLineEndsOrFoldsOrTwoDispositionsAreMalformed() {
    for (String headers : new String[] {"Content-Disposition: form-data; name=\"image\"; filename=\"a\"\nX: y\r\n",
        "Content-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n folded\r\n",
        "Content-Disposition: form-data; name=\"image\"; filename=\"a\"\r\nContent-Disposition: form-data; name=\"x\"\r\n",
        "Content-Disposition: form-data; name=\"image\"; name=\"x\"; filename=\"a\"\r\n"}) {
      assertProblem(ErrorCode.MALFORMED_REQUEST, bytes("--" + B + "\r\n" + headers + "\r\nIMG\r\n--" + B + "--"));
    }
  }

  @Test
  void preambleAndEpilogueAreBounded() {
    byte[] body = new Multipart(B).file("image", "a", "x/y", bytes("IMG")).build();
    assertArrayEquals(bytes("IMG"), parse(bytes("p".repeat(MultipartParser.MAX_PREAMBLE_BYTES) + "\r\n", body)).image());
    assertProblem(ErrorCode.MALFORMED_REQUEST, bytes("p".repeat(MultipartParser.MAX_PREAMBLE_BYTES + 1) + "\r\n", body));
    assertProblem(ErrorCode.MALFORMED_REQUEST, bytes(body, "e".repeat(MultipartParser.MAX_EPILOGUE_BYTES)));
  }

  @Test
  void eachFormRuleHasItsProblem() {
    byte[] img = bytes("IMG");
    assertProblem(ErrorCode.UNEXPECTED_PART, new Multipart(B).file("image", "a", "x/y", img).file("image", "b", "x/y", img).build());
    assertProblem(ErrorCode.UNEXPECTED_PART, new Multipart(B).file("image", "a", "x/y", img).file("thumb", "b", "x/y", img).build());
    assertProblem(ErrorCode.UNEXPECTED_PART, new Multipart(B).file("image", "a", "x/y", img).field("comment", "hi").build());
    assertProblem(ErrorCode.UNEXPECTED_PART, new Multipart(B).field("image", "IMG").build());
    assertProblem(ErrorCode.UNEXPECTED_PART, new Multipart(B).file("image", "a", "x/y", img).field("options", "{}").field("options", "{}").build());
    assertProblem(ErrorCode.MALFORMED_REQUEST, new Multipart(B).file("image", "a", "x/y", img).field("a", "1").field("b", "2")
        .field("c", "3").field("d", "4").build());
    assertProblem(ErrorCode.MALFORMED_REQUEST, bytes("--" + B + "\r\nContent-Type: image/png\r\n\r\nIMG\r\n--" + B + "--"));
    assertProblem(ErrorCode.MALFORMED_REQUEST, bytes("--" + B + "\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nIMG\r\n--" + B + "--"));
    assertProblem(ErrorCode.MALFORMED_REQUEST, bytes("--" + B + "\r\nContent-Disposition: attachment; name=\"image\"; filename=\"a\"\r\n\r\nIMG\r\n--" + B + "--"));
    assertProblem(ErrorCode.INVALID_OPTION, new Multipart(B).file("image", "a", "x/y", img).field("options", "x".repeat(MAX_OPTIONS + 1)).build());
    assertProblem(ErrorCode.PAYLOAD_TOO_LARGE, new Multipart(B).file("image", "a", "x/y", new byte[CAP + 1]).build());
    assertProblem(ErrorCode.MISSING_IMAGE, new Multipart(B).file("image", "a", "x/y", new byte[0]).build());
    assertProblem(ErrorCode.MISSING_IMAGE, new Multipart(B).field("options", "{}").build());
  }

  @Test
  void anImageOfExactlyTheCapAndOptionsOfExactlyTheLimitAreTaken() {
    byte[] img = new byte[CAP];
    new Random(3).nextBytes(img);
    Parsed p = parse(new Multipart(B).field("options", "x".repeat(MAX_OPTIONS)).file("image", "a", "x/y", img).build(), 1000, 5000);
    assertArrayEquals(img, p.image());
    assertEquals("x".repeat(MAX_OPTIONS), p.options());
    assertNull(parse(new Multipart(B).file("image", "a", "x/y", img).build()).options());
  }

  @Test
  void aQuotedBoundaryAndParametersInAnyCaseAreRead() {
    HeaderValue v = HeaderValue.parse("Multipart/Form-Data; BOUNDARY=\"a b;c\"; charset=utf-8");
    assertEquals("multipart/form-data", v.type());
    assertEquals("a b;c", v.param("boundary"));
    assertEquals("utf-8", v.param("charset"));
  }

  @Test
  void aBoundaryLongerThanTheLimitIsRefused() {
    ProblemException e = assertThrows(ProblemException.class,
        () -> new MultipartParser("x".repeat(MultipartParser.MAX_BOUNDARY_LENGTH + 1), h -> PartSink.DISCARD));
    assertEquals(ErrorCode.MALFORMED_REQUEST, e.code());
  }

  @Test
  void theFormKeepsNoImageBytesOnceAChunkIsFed() throws Exception {
    byte[] marker = new byte[24];
    new Random(11).nextBytes(marker);
    byte[] img = new byte[marker.length * 40];
    for (int i = 0; i < img.length; i++) {
      img[i] = marker[i % marker.length];
    }
    image = pool.open(CAP);
    UploadForm form = new UploadForm(B, image, MAX_OPTIONS, n -> { });
    byte[] body = new Multipart(B).field("options", "{}").file("image", "a", "x/y", img).build();
    for (int from = 0; from < body.length; from += 97) { // pieces that cut the image anywhere
      form.feed(Unpooled.wrappedBuffer(Arrays.copyOfRange(body, from, Math.min(body.length, from + 97))));
      assertEquals(0, bytesHeldMatching(form, Arrays.copyOf(marker, 8), new IdentityHashMap<>()),
          "image bytes held by the form after feeding up to " + from);
    }
    form.finish();
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /**
   * Counts byte arrays reachable from {@code o} through zeroprint and Netty objects (not the upload's
   * segments, where the image belongs) that contain {@code needle}.
   */
  private static int bytesHeldMatching(Object o, byte[] needle, Map<Object, Boolean> seen) throws IllegalAccessException {
    if (o == null || o instanceof SegmentBuffer || seen.put(o, true) != null) {
      return 0;
    }
    if (o instanceof byte[] b) {
      for (int i = 0; i + needle.length <= b.length; i++) {
        if (Arrays.equals(b, i, i + needle.length, needle, 0, needle.length)) {
          return 1;
        }
      }
      return 0;
    }
    if (o.getClass().isArray()) {
      return 0;
    }
    int found = 0;
    for (Class<?> c = o.getClass(); c != null && ours(c); c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
          f.setAccessible(true);
          found += bytesHeldMatching(f.get(o), needle, seen);
        }
      }
    }
    return found;
  }


  /** Parses {@code body} fed in pieces cut at {@code cuts} (ascending); each piece is zeroed after feeding. */
  private Parsed parse(byte[] body, int... cuts) {
    if (image != null) {
      image.release();
    }
    image = pool.open(CAP);
    UploadForm form = new UploadForm(B, image, MAX_OPTIONS, n -> { });
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : body.length;
      ByteBuf piece = Unpooled.wrappedBuffer(Arrays.copyOfRange(body, from, to));
      form.feed(piece);
      piece.setZero(0, piece.capacity()); // as the receiver does: nothing may still point into it
      from = to;
    }
    String options = form.finish();
    byte[] out = new byte[(int) image.length()];
    image.read(0, out, 0, out.length);
    return new Parsed(out, options);
  }

  private static boolean ours(Class<?> c) {
    return c.getPackageName().startsWith("io.zeroprint") || c.getPackageName().startsWith("io.netty");
  }

  private void assertProblem(ErrorCode code, byte[] body) {
    ProblemException e = assertThrows(ProblemException.class, () -> parse(body));
    assertEquals(code, e.code(), e::getMessage);
  }

  /** Random bytes rich in CR, LF, dashes and pieces of the boundary. */
  private static byte[] awkwardImage(Random random, int length) {
    byte[] alphabet = ("\r\n-" + B).getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
    }
    byte[] delimiter = ("\r\n--" + B).getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i + delimiter.length <= out.length; i++) { // the one thing data may not hold
      if (Arrays.equals(out, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
        out[i + delimiter.length - 1] = 'X';
      }
    }
    return out;
  }

  private static byte[] bytes(Object... pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : pieces) {
      out.writeBytes(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
    return out.toByteArray();
  }
}
