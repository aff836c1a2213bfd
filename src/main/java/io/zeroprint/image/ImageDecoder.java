package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * PNG/JPEG → {@link RgbImage} in sRGB (an embedded ICC profile is applied, since the re-encoded
 * result carries no profile), with the EXIF orientation applied. The decoder's own raster is zeroed
 * as soon as its pixels are copied into the budgeted lease.
 */
public final class ImageDecoder {
  static {
    // ImageIO's default is to cache streams in temp files; zeroprint never writes image bytes to disk.
    ImageIO.setUseCache(false);
  }

  private static final int OPAQUE = 0xff;

  private final BufferStore store;

  public ImageDecoder(BufferStore store) {
    this.store = store;
  }

  public RgbImage decode(SegmentBuffer data, ImageHeader header) {
    return decode(data, header, hook -> { });
  }

  /**
   * As above; {@code abortHook} is handed the way to stop this decode early while it runs (ImageIO
   * readers check for an abort between scanlines), and a no-op when it is over.
   */
  public RgbImage decode(SegmentBuffer data, ImageHeader header, Consumer<Runnable> abortHook) {
    ImageReader reader = reader(header.format());
    BufferedImage decoded = null;
    abortHook.accept(reader::abort);
    try (SegmentImageInputStream in = new SegmentImageInputStream(data)) {
      reader.setInput(in, true, true);
      boolean[] damaged = {false};
      // libjpeg and the PNG reader go on after damage (filling missing pixels with grey) and only
      // warn: a damaged image is refused, not enhanced.
      reader.addIIOReadWarningListener((source, warning) -> damaged[0] = true);
      if (reader.getWidth(0) != header.width() || reader.getHeight(0) != header.height()) {
        throw new ProblemException(ErrorCode.CORRUPT_IMAGE, "The image's header and its data disagree on its size.");
      }
      decoded = reader.read(0);
      if (damaged[0]) {
        throw new ProblemException(ErrorCode.CORRUPT_IMAGE, "The image's data is damaged or incomplete.");
      }
      return Orientation.apply(toRgb(decoded), header.orientation(), store);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProblemException p) {
        throw p;
      }
      throw new ProblemException(ErrorCode.CORRUPT_IMAGE);
    } finally {
      abortHook.accept(() -> { });
      reader.dispose();
      Rasters.zero(decoded);
    }
  }

  private RgbImage toRgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int pixels = Math.multiplyExact(w, h);
    ByteLease lease = store.leaseBytes(Math.multiplyExact(pixels, RgbImage.CHANNELS));
    ByteLease alpha = img.getColorModel().hasAlpha() ? store.leaseBytes(pixels) : null;
    byte[] out = lease.bytes();
    int[] row = new int[w];
    boolean translucent = false;
    try {
      for (int y = 0; y < h; y++) {
        img.getRGB(0, y, w, 1, row, 0, w); // converts any colour model / ICC space to sRGB
        int o = y * w * RgbImage.CHANNELS;
        for (int x = 0; x < w; x++) {
          int argb = row[x];
          out[o++] = (byte) (argb >> 16);
          out[o++] = (byte) (argb >> 8);
          out[o++] = (byte) argb;
          if (alpha != null) {
            alpha.bytes()[y * w + x] = (byte) (argb >>> 24);
            translucent |= (argb >>> 24) != OPAQUE;
          }
        }
      }
      if (alpha != null && !translucent) {
        alpha.close(); // an alpha channel that is opaque everywhere is no alpha at all
        alpha = null;
      }
      return new RgbImage(w, h, lease, alpha);
    } catch (RuntimeException e) {
      lease.close();
      if (alpha != null) {
        alpha.close();
      }
      throw e;
    } finally {
      java.util.Arrays.fill(row, 0);
    }
  }

  private static ImageReader reader(ImageFormat format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.id());
    if (!readers.hasNext()) {
      throw new IllegalStateException("no ImageIO reader for " + format);
    }
    return readers.next();
  }
}
