package io.zeroprint.image;

import io.zeroprint.buffer.SegmentBuffer;
import java.util.Locale;
import java.util.Optional;

/** The formats zeroprint reads and writes, recognised by their magic bytes, never by name or header. */
public enum ImageFormat {
  PNG("image/png", new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}),
  JPEG("image/jpeg", new int[] {0xFF, 0xD8, 0xFF});

  private final String mediaType;
  private final int[] magic;

  ImageFormat(String mediaType, int[] magic) {
    this.mediaType = mediaType;
    this.magic = magic;
  }

  public String mediaType() {
    return mediaType;
  }

  /** Name as used in the {@code format} option and by ImageIO. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ImageFormat> byId(String id) {
    for (ImageFormat f : values()) {
      if (f.id().equals(id) || (f == JPEG && "jpg".equals(id))) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The format whose magic bytes start {@code data}, if any. */
  public static Optional<ImageFormat> sniff(SegmentBuffer data) {
    for (ImageFormat f : values()) {
      if (f.matches(data)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private boolean matches(SegmentBuffer data) {
    for (int i = 0; i < magic.length; i++) {
      if (data.readByte(i) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
