package io.zeroprint.effects.face;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.SegmentBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the landmarks answer as JSON bytes straight into a budgeted lease (digits written by hand,
 * no {@code String} per number), copies it into off-heap segments and zeroes the lease: face
 * geometry never sits in heap objects the server cannot wipe.
 *
 * <pre>{"width":W,"height":H,"faces":[{"box":[x,y,w,h],"score":s,"meshScore":m,
 *   "points":[[x,y,z],…468],"groups":{"rightEye":[[x,y],…],…}}]}</pre>
 */
public final class LandmarksJson {
  private static final int HEAD_BYTES = 256;
  /** Upper bound per face: 468 points of ≤ 40 bytes, groups ≤ 130 points of ≤ 28 bytes, framing. */
  private static final int FACE_BYTES = 24 * 1024;
  private static final int POINT_DECIMALS = 1;
  private static final int SCORE_DECIMALS = 3;

  private final BufferStore store;
  private byte[] buf;
  private int pos;

  public LandmarksJson(BufferStore store) {
    this.store = store;
  }

  /** One detected face with its mesh (points: 468·3). */
  public record Entry(Face face, float meshScore, float[] points) {}

  public SegmentBuffer write(int width, int height, List<Entry> faces) {
    try (ByteLease lease = store.leaseBytes(HEAD_BYTES + faces.size() * FACE_BYTES)) {
      buf = lease.bytes();
      pos = 0;
      raw("{\"width\":").integer(width).raw(",\"height\":").integer(height).raw(",\"faces\":[");
      for (int i = 0; i < faces.size(); i++) {
        if (i > 0) {
          raw(",");
        }
        face(faces.get(i));
      }
      raw("]}");
      SegmentBuffer out = store.open(pos);
      out.write(0, buf, 0, pos);
      return out;
    } finally {
      buf = null;
    }
  }

  private void face(Entry e) {
    Face f = e.face();
    raw("{\"box\":[").num(f.x1(), POINT_DECIMALS).raw(",").num(f.y1(), POINT_DECIMALS).raw(",")
        .num(f.width(), POINT_DECIMALS).raw(",").num(f.height(), POINT_DECIMALS)
        .raw("],\"score\":").num(f.score(), SCORE_DECIMALS).raw(",\"meshScore\":").num(e.meshScore(), SCORE_DECIMALS)
        .raw(",\"points\":[");
    float[] p = e.points();
    for (int i = 0; i < FaceMesh.POINTS; i++) {
      raw(i > 0 ? ",[" : "[").num(p[i * 3], POINT_DECIMALS).raw(",").num(p[i * 3 + 1], POINT_DECIMALS).raw(",")
          .num(p[i * 3 + 2], POINT_DECIMALS).raw("]");
    }
    raw("],\"groups\":{");
    boolean first = true;
    for (Map.Entry<String, int[]> g : MeshGroups.GROUPS.entrySet()) {
      raw(first ? "\"" : ",\"").raw(g.getKey()).raw("\":[");
      first = false;
      int[] idx = g.getValue();
      for (int j = 0; j < idx.length; j++) {
        raw(j > 0 ? ",[" : "[").num(p[idx[j] * 3], POINT_DECIMALS).raw(",").num(p[idx[j] * 3 + 1], POINT_DECIMALS).raw("]");
      }
      raw("]");
    }
    raw("}}");
  }

  private LandmarksJson raw(String ascii) {
    byte[] b = ascii.getBytes(StandardCharsets.US_ASCII); // constant keys and punctuation only
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
    return this;
  }

  private LandmarksJson integer(long v) {
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    int start = pos;
    do {
      buf[pos++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v > 0);
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
    return this;
  }

  /** Fixed-point decimal, e.g. {@code -12.5}; non-finite values (never expected) as 0. */
  private LandmarksJson num(float v, int decimals) {
    if (!Float.isFinite(v)) {
      v = 0;
    }
    long unit = (long) Math.pow(10, decimals);
    long scaled = Math.round((double) v * unit);
    if (scaled < 0) {
      buf[pos++] = '-';
      scaled = -scaled;
    }
    integer(scaled / unit);
    buf[pos++] = '.';
    long frac = scaled % unit;
    for (long d = unit / 10; d > 0; d /= 10) {
      buf[pos++] = (byte) ('0' + frac / d % 10);
    }
    return this;
  }
}
