package io.zeroprint.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test-side view of a PNG's chunks, independent of the code under test. */
public final class PngStructure {
  public static final int SIGNATURE = 8;

  public record Chunk(String type, byte[] data) {}

  private PngStructure() {}

  public static List<Chunk> chunks(byte[] png) {
    List<Chunk> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(png);
    for (int pos = SIGNATURE; pos + 12 <= png.length; ) {
      int length = b.getInt(pos);
      String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
      byte[] data = ScanInputs.slice(png, pos + 8, pos + 8 + length);
      out.add(new Chunk(type, data));
      pos += 12 + length;
    }
    return out;
  }

  public static byte[] build(List<Chunk> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(signature());
    for (Chunk c : chunks) {
      out.writeBytes(ScanInputs.chunk(c.type(), c.data()));
    }
    return out.toByteArray();
  }

  public static byte[] signature() {
    return new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  }

  /** The same PNG with {@code extra} inserted right after IHDR. */
  public static byte[] withAfterIhdr(byte[] png, List<Chunk> extra) {
    List<Chunk> all = new ArrayList<>(chunks(png));
    all.addAll(1, extra);
    return build(all);
  }

  /** The same PNG with its image data re-split into {@code pieces} IDAT chunks. */
  public static byte[] withImageDataSplit(byte[] png, int pieces) {
    List<Chunk> all = chunks(png);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    all.stream().filter(c -> c.type().equals("IDAT")).forEach(c -> data.writeBytes(c.data()));
    byte[] idat = data.toByteArray();
    List<Chunk> out = new ArrayList<>();
    for (Chunk c : all) {
      if (c.type().equals("IDAT")) {
        if (out.stream().noneMatch(x -> x.type().equals("IDAT"))) {
          for (int i = 0; i < pieces; i++) {
            out.add(new Chunk("IDAT", ScanInputs.slice(idat, (int) ((long) idat.length * i / pieces),
                (int) ((long) idat.length * (i + 1) / pieces))));
          }
        }
      } else {
        out.add(c);
      }
    }
    return build(out);
  }

  public static byte[] ihdr(long width, long height, int depth, int colourType, int interlace) {
    return ByteBuffer.allocate(13).putInt((int) width).putInt((int) height).put((byte) depth)
        .put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) interlace).array();
  }
}
