package io.zeroprint.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.zeroprint.Multipart;
import io.zeroprint.TestImages;
import io.zeroprint.WsClient;
import io.zeroprint.hostile.ImageCorpus.ImageCase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The image corpus over every way in: raw and multipart {@code POST /v1/enhance} (all cases),
 * {@code POST /v1/jobs} and WebSocket submit (a sample).
 */
class HostileImagesTest extends HostileTestBase {
  private static final List<ImageCase> CASES = ImageCorpus.all();
  private static final int MAX_WS_MESSAGE = 256 * 1024;

  @TestFactory
  Stream<DynamicTest> rawBodies() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ImageCase c : CASES) {
      tests.add(hostile(c.name() + " (raw body)", () -> check(c.expect(), postBytes("/v1/enhance", "application/octet-stream", c.bytes()))));
    }
    tests.add(stillHealthy("raw image bodies"));
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> multipartBodies() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ImageCase c : CASES) {
      byte[] body = new Multipart(BOUNDARY).file("image", "photo.png", "image/png", c.bytes()).build();
      // the declared length of the whole body counts against the upload limit
      Expect e = body.length > MAX_UPLOAD ? Expect.problem(413, "payload_too_large") : c.expect();
      tests.add(hostile(c.name() + " (multipart)", () -> check(e,
          postBytes("/v1/enhance", "multipart/form-data; boundary=" + BOUNDARY, body))));
    }
    tests.add(stillHealthy("multipart image bodies"));
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> jobs() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < CASES.size(); i += Integer.getInteger("hostile.jobStep", 7)) {
      ImageCase c = CASES.get(i);
      tests.add(hostile(c.name() + " (job)", () -> checkJob(c)));
    }
    tests.add(stillHealthy("image jobs"));
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> webSocketSubmits() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 3; i < CASES.size(); i += 9) {
      ImageCase c = CASES.get(i);
      if (c.bytes().length == 0) {
        continue; // a submit announces a positive size; the empty body is a malformed submit (WebSocket corpus)
      }
      tests.add(hostile(c.name() + " (WebSocket submit)", () -> checkWebSocket(c)));
    }
    tests.add(stillHealthy("WebSocket image submits"));
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> tinyImagesKeepTheirColours() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int side : new int[] {1, 2, 3}) {
      String name = "a " + side + "×" + side + " pure red PNG enhanced ×2 stays red";
      tests.add(hostile(name, () -> {
        BufferedImage red = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            red.setRGB(x, y, 0xFF0000);
          }
        }
        HttpResponse<byte[]> r = postBytes("/v1/enhance?scale=2", "image/png", TestImages.encode(red, "png"));
        check(Expect.png(), r);
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(2 * side, out.getWidth());
        double sum = 0;
        for (int y = 0; y < out.getHeight(); y++) {
          for (int x = 0; x < out.getWidth(); x++) {
            sum += (out.getRGB(x, y) >> 16) & 0xff;
          }
        }
        double mean = sum / (out.getWidth() * out.getHeight());
        assertTrue(mean > 200, "mean red " + mean);
      }));
    }
    tests.add(stillHealthy("tiny images"));
    return tests.stream();
  }

  /** POST /v1/jobs: a refusal at once, or 202 and then the job ends as the expectation says. */
  private void checkJob(ImageCase c) throws Exception {
    HttpResponse<byte[]> r = postBytes("/v1/jobs", "application/octet-stream", c.bytes());
    if (r.statusCode() != 202) {
      check(c.expect(), r);
      return;
    }
    String id = new JsonObject(new String(r.body())).getString("job");
    while (true) {
      HttpResponse<byte[]> s = send(bounded("/v1/jobs/" + id).GET().build());
      if (s.statusCode() == 410) {
        // a finished job's tombstone says how it ended, e.g. "failed: corrupt_image"
        String detail = new JsonObject(new String(s.body())).getString("detail", "");
        if (c.expect().success()) {
          throw new AssertionError("expected " + c.expect() + "; job ended: " + detail);
        }
        assertTrue(detail.contains("failed: " + c.expect().code()), () -> "expected " + c.expect() + "; job ended: " + detail);
        return;
      }
      assertEquals(200, s.statusCode(), () -> new String(s.body()));
      String state = new JsonObject(new String(s.body())).getString("state");
      if ("done".equals(state)) {
        HttpResponse<byte[]> result = send(bounded("/v1/jobs/" + id + "/result").GET().build()); // collected either way
        assertTrue(c.expect().success(), () -> "expected " + c.expect() + "; the job was done");
        check(c.expect(), result);
        return;
      }
      Thread.sleep(20);
    }
  }

  /** WebSocket submit: an error message (or failed job event), or the whole result. */
  private void checkWebSocket(ImageCase c) throws Exception {
    try (WsClient ws = new WsClient(server.port(), TOKEN, CASE_BOUND)) {
      ws.send(new JsonObject().put("type", "submit").put("size", c.bytes().length));
      JsonObject first = ws.await(m -> "accepted".equals(m.getString("type")) || "error".equals(m.getString("type")));
      if ("error".equals(first.getString("type"))) {
        c.expect().checkWs(first);
        return;
      }
      byte[] b = c.bytes();
      for (int off = 0; off < b.length; off += MAX_WS_MESSAGE) {
        ws.sendBinary(Arrays.copyOfRange(b, off, Math.min(b.length, off + MAX_WS_MESSAGE)));
      }
      JsonObject end = ws.await(m -> "error".equals(m.getString("type")) || "result-end".equals(m.getString("type"))
          || "job".equals(m.getString("type")) && "failed".equals(m.getString("state")));
      if (c.expect().success()) {
        assertEquals("result-end", end.getString("type"), end::encode);
      } else {
        c.expect().checkWs("error".equals(end.getString("type")) ? end : end.getJsonObject("error"));
      }
    }
  }
}
