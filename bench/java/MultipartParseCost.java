import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.zeroprint.http.multipart.MultipartParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * What zeroprint's multipart parser costs per MiB, on one thread, in CPU time (which, unlike wall
 * time, hardly moves with what else a shared machine runs): a 20 MiB file part of random bytes fed
 * in 8 KiB pieces (about what Vert.x hands over per read), against a plain copy of the same pieces
 * into a direct buffer (what appending to the segments costs at the least). Prints both; not part
 * of run.sh. Run: {@code java -cp target/zeroprint.jar:CLASSES MultipartParseCost}.
 */
public final class MultipartParseCost {
  private static final int MIB = 1 << 20;
  private static final int IMAGE_MIB = 20;
  private static final int PIECE = 8 * 1024;
  private static final int WARM_UP_ROUNDS = 5;
  private static final int ROUNDS = 10;

  public static void main(String[] args) {
    byte[] body = body();
    ByteBuf view = Unpooled.wrappedBuffer(body);
    ByteBuf segments = Unpooled.directBuffer(body.length);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] seen = {0};
    for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
      MultipartParser parser = new MultipartParser("bnd", headers -> data -> seen[0] += data.readableBytes());
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < body.length; i += PIECE) {
        view.setIndex(i, Math.min(body.length, i + PIECE));
        parser.feed(view);
      }
      parser.finish();
      long t1 = mx.getCurrentThreadCpuTime();
      segments.clear();
      for (int i = 0; i < body.length; i += PIECE) {
        segments.writeBytes(body, i, Math.min(PIECE, body.length - i));
      }
      long t2 = mx.getCurrentThreadCpuTime();
      if (round >= WARM_UP_ROUNDS) {
        System.out.printf("parse %.3f ms CPU per MiB, copy %.3f ms CPU per MiB%n",
            (t1 - t0) / 1e6 / IMAGE_MIB, (t2 - t1) / 1e6 / IMAGE_MIB);
      }
    }
    if (seen[0] != (long) (WARM_UP_ROUNDS + ROUNDS) * IMAGE_MIB * MIB) {
      throw new IllegalStateException("the parser handed on " + seen[0] + " bytes");
    }
  }

  private static byte[] body() {
    byte[] head = "--bnd\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a\"\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] tail = "\r\n--bnd--\r\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] body = new byte[head.length + IMAGE_MIB * MIB + tail.length];
    byte[] image = new byte[IMAGE_MIB * MIB];
    new Random(1).nextBytes(image);
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(image, 0, body, head.length, image.length);
    System.arraycopy(tail, 0, body, head.length + image.length, tail.length);
    return body;
  }
}
