package io.zeroprint.container;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An OCI image tarball (as jib's {@code buildTar} writes it) read without a container engine: its
 * config, and every file of every layer (path, mode, owner, size), with the contents of the few
 * files a test asks for. Reads ustar headers, PAX extended headers and GNU long names: enough
 * for jib's layers.
 */
final class ImageTarball {
  /** One file in a layer; {@code path} has no leading slash. */
  record Entry(String path, char type, int mode, long uid, long size, int layer) {
    boolean isRegularFile() {
      return type == '0' || type == 0;
    }
  }

  private static final long SMALL_BLOB = 1 << 20;
  private final Map<String, byte[]> blobs = new HashMap<>();
  final JsonObject manifest;
  final JsonObject config;
  final List<Long> layerSizes = new ArrayList<>();
  /** Later layers win, as when a runtime stacks them. */
  final Map<String, Entry> files = new LinkedHashMap<>();
  private final Map<String, byte[]> wanted = new HashMap<>();

  ImageTarball(Path tarball, List<String> contentsWanted) throws IOException {
    contentsWanted.forEach(p -> wanted.put(p, null));
    // First pass: the small JSON blobs (index, manifest, config); second: each layer, streamed.
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)) {
      readTar(in, (header, data) -> {
        if (header.size() < SMALL_BLOB) {
          blobs.put(header.path(), data.readAllBytes());
        }
      }, -1);
    }
    JsonObject index = new JsonObject(new String(blob("index.json"), StandardCharsets.UTF_8));
    manifest = json(index.getJsonArray("manifests").getJsonObject(0).getString("digest"));
    config = json(manifest.getJsonObject("config").getString("digest"));
    Map<String, Integer> layerIndex = new HashMap<>();
    var layers = manifest.getJsonArray("layers");
    for (int i = 0; i < layers.size(); i++) {
      layerIndex.put(digestPath(layers.getJsonObject(i).getString("digest")), i);
      layerSizes.add(layers.getJsonObject(i).getLong("size"));
    }
    Map<Integer, Map<String, Entry>> byLayer = new HashMap<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)) {
      readTar(in, (blobHeader, blobData) -> {
        Integer layer = layerIndex.get(blobHeader.path());
        if (layer == null) {
          return;
        }
        Map<String, Entry> entries = byLayer.computeIfAbsent(layer, l -> new LinkedHashMap<>());
        readTar(new GZIPInputStream(blobData, 1 << 16), (header, data) -> {
          entries.put(header.path(), header);
          if (wanted.containsKey(header.path())) {
            wanted.put(header.path(), data.readAllBytes());
          }
        }, layer);
      }, -1);
    }
    for (int i = 0; i < layers.size(); i++) {
      files.putAll(byLayer.getOrDefault(i, Map.of()));
    }
  }

  byte[] contents(String path) {
    return wanted.get(path);
  }

  private JsonObject json(String digest) {
    return new JsonObject(new String(blob(digestPath(digest)), StandardCharsets.UTF_8));
  }

  private static String digestPath(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }

  private byte[] blob(String path) {
    byte[] b = blobs.get(path);
    if (b == null) {
      throw new IllegalStateException("not in the tarball: " + path);
    }
    return b;
  }

  private interface EntryHandler {
    void accept(Entry entry, InputStream data) throws IOException;
  }

  private static void readTar(InputStream in, EntryHandler handler, int layer) throws IOException {
    byte[] header = new byte[512];
    String longName = null;
    Long paxSize = null;
    while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
      String name = text(header, 0, 100);
      String prefix = text(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      char type = (char) header[156];
      long size = octal(header, 124, 12);
      int mode = (int) octal(header, 100, 8);
      long uid = octal(header, 108, 8);
      if (type == 'x' || type == 'L') {
        byte[] ext = in.readNBytes((int) size);
        in.skipNBytes(padding(size));
        if (type == 'L') {
          longName = new String(ext, StandardCharsets.UTF_8).replace("\0", "");
        } else {
          for (String record : new String(ext, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            int eq = record.indexOf('=');
            if (space < 0 || eq < 0) {
              continue;
            }
            String key = record.substring(space + 1, eq);
            String value = record.substring(eq + 1);
            if (key.equals("path")) {
              longName = value;
            } else if (key.equals("size")) {
              paxSize = Long.parseLong(value);
            }
          }
        }
        continue;
      }
      if (longName != null) {
        name = longName;
        longName = null;
      }
      if (paxSize != null) {
        size = paxSize;
        paxSize = null;
      }
      name = name.startsWith("./") ? name.substring(2) : name.startsWith("/") ? name.substring(1) : name;
      if (name.endsWith("/")) {
        name = name.substring(0, name.length() - 1);
      }
      BoundedStream data = new BoundedStream(in, size);
      handler.accept(new Entry(name, type, mode, uid, size, layer), data);
      data.skipRest();
      in.skipNBytes(padding(size));
    }
  }

  private static long padding(long size) {
    return (512 - size % 512) % 512;
  }

  private static String text(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    String s = text(b, off, len).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  /** The data of one tar entry: reads stop at its end. */
  private static final class BoundedStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedStream(InputStream in, long size) {
      this.in = in;
      this.left = size;
    }

    @Override
    public int read() throws IOException {
      if (left == 0) {
        return -1;
      }
      left--;
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    void skipRest() throws IOException {
      in.skipNBytes(left);
      left = 0;
    }
  }
}
