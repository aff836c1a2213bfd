package io.zeroprint.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Deterministic mutations of a valid PNG or JPEG: bit flips, byte inserts and deletes, chunk/marker
 * segment duplication, length-field corruption and truncation. Mutant {@code i} of a base depends only
 * on (seed, i), so any finding is reproduced from its number. Half of the PNG mutants get their CRCs
 * repaired, so they reach the decoder instead of stopping at the checksum.
 */
public final class Mutator {
  public record Mutant(long index, String op, byte[] bytes) {}

  private final byte[] base;
  private final long seed;
  private final boolean png;

  public Mutator(byte[] base, long seed) {
    this.base = base;
    this.seed = seed;
    this.png = (base[0] & 0xff) == 0x89;
  }

  public Mutant mutant(long index) {
    Random r = new Random(seed * 1_000_003L + index);
    byte[] b = base.clone();
    int rounds = 1 + r.nextInt(3);
    StringBuilder ops = new StringBuilder();
    for (int i = 0; i < rounds; i++) {
      int op = r.nextInt(6);
      ops.append(i == 0 ? "" : "+");
      switch (op) {
        case 0 -> {
          int flips = 1 + r.nextInt(8);
          for (int f = 0; f < flips; f++) {
            int at = r.nextInt(b.length);
            b[at] ^= (byte) (1 << r.nextInt(8));
          }
          ops.append("flip").append(flips);
        }
        case 1 -> {
          int at = r.nextInt(b.length + 1);
          byte[] ins = new byte[1 + r.nextInt(r.nextBoolean() ? 8 : 4096)];
          if (r.nextBoolean()) {
            r.nextBytes(ins);
          } else {
            Arrays.fill(ins, (byte) (r.nextBoolean() ? 0xFF : 0x00));
          }
          b = splice(b, at, 0, ins);
          ops.append("insert").append(ins.length);
        }
        case 2 -> {
          int at = r.nextInt(b.length);
          int n = 1 + r.nextInt(Math.max(1, Math.min(b.length - at, 512)));
          b = splice(b, at, n, new byte[0]);
          ops.append("delete").append(n);
        }
        case 3 -> {
          List<int[]> units = units(b);
          if (!units.isEmpty()) {
            int[] u = units.get(r.nextInt(units.size()));
            int times = 1 + r.nextInt(r.nextInt(10) == 0 ? 600 : 3);
            byte[] unit = Arrays.copyOfRange(b, u[0], u[1]);
            byte[] rep = new byte[unit.length * times];
            for (int t = 0; t < times; t++) {
              System.arraycopy(unit, 0, rep, t * unit.length, unit.length);
            }
            b = splice(b, u[1], 0, rep);
            ops.append("dup").append(times);
          }
        }
        case 4 -> {
          List<int[]> units = units(b);
          if (!units.isEmpty()) {
            int[] u = units.get(r.nextInt(units.size()));
            int[] values = png ? new int[] {0, 1, 0x7FFFFFFF, 0x80000000, u[1] - u[0], r.nextInt()}
                : new int[] {0, 1, 2, 0xFFFF, u[1] - u[0] + 1, r.nextInt(0x10000)};
            int v = values[r.nextInt(values.length)];
            if (png) {
              ByteBuffer.wrap(b).putInt(u[0], v);
            } else {
              b[u[0] + 2] = (byte) (v >> 8);
              b[u[0] + 3] = (byte) v;
            }
            ops.append("length");
          }
        }
        default -> {
          b = Arrays.copyOf(b, 1 + r.nextInt(b.length));
          ops.append("truncate");
        }
      }
    }
    if (png && r.nextBoolean()) {
      repairCrcs(b);
      ops.append("+crc");
    }
    return new Mutant(index, ops.toString(), b);
  }

  /** PNG chunks or JPEG marker segments before the first scan, as [start, end) offsets. */
  private List<int[]> units(byte[] b) {
    List<int[]> out = new ArrayList<>();
    if (png) {
      for (int pos = 8; pos + 12 <= b.length; ) {
        long len = ByteBuffer.wrap(b).getInt(pos) & 0xFFFFFFFFL;
        long end = pos + 12 + len;
        if (end > b.length) {
          break;
        }
        out.add(new int[] {pos, (int) end});
        pos = (int) end;
      }
    } else {
      for (int pos = 2; pos + 4 <= b.length && (b[pos] & 0xff) == 0xFF; ) {
        int marker = b[pos + 1] & 0xff;
        int end = pos + 2 + (((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff));
        if (end > b.length || marker == 0xDA || marker == 0xD9) {
          break;
        }
        out.add(new int[] {pos, end});
        pos = end;
      }
    }
    return out;
  }

  private static void repairCrcs(byte[] b) {
    for (int pos = 8; pos + 12 <= b.length; ) {
      long len = ByteBuffer.wrap(b).getInt(pos) & 0xFFFFFFFFL;
      long end = pos + 12 + len;
      if (end > b.length) {
        return;
      }
      CRC32 crc = new CRC32();
      crc.update(b, pos + 4, (int) (4 + len));
      ByteBuffer.wrap(b).putInt((int) (end - 4), (int) crc.getValue());
      pos = (int) end;
    }
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
    out.write(b, 0, at);
    out.writeBytes(insert);
    out.write(b, at + remove, b.length - at - remove);
    return out.toByteArray();
  }
}
