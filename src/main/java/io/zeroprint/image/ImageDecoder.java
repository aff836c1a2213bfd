package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
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
 * PNG/JPEG → {@link RgbImage} in sRGB as libpng/libjpeg and a colour-managed viewer show it (an
 * embedded ICC profile is applied, since the re-encoded result carries no profile; see
 * {@link SrgbConversion}, {@link PngProfile} and {@link CmykJpeg}), with the EXIF orientation applied and nothing left
 * under full transparency. The reader writes into budgeted leases where it can ({@link DecodeTarget});
 * where it cannot, its own raster is zeroed as soon as its pixels are copied into one.
 */
public final class ImageDecoder {
  static {
    // ImageIO's default is to cache streams in temp files; zeroprint never writes image bytes to disk.
    ImageIO.setUseCache(false);
  }

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
    DecodeTarget target = null;
    RgbImage rgb = null;
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
      int cmyk = header.format() == ImageFormat.JPEG ? CmykJpeg.fourComponentTransform(data) : -1;
      if (cmyk >= 0) {
        rgb = CmykJpeg.read(reader, cmyk, store);
      } else if (header.format() == ImageFormat.JPEG) {
        target = DecodeTarget.rgb(store, header.width(), header.height());
        reader.read(0, target.param(reader));
        rgb = new RgbImage(header.width(), header.height(), target.take());
        target = null;
      } else {
        target = DecodeTarget.samples(reader, store, header.width(), header.height());
        decoded = target == null ? reader.read(0) : reader.read(0, target.param(reader));
      }
      if (damaged[0]) {
        throw new ProblemException(ErrorCode.CORRUPT_IMAGE, "The image's data is damaged or incomplete.");
      }
      if (rgb == null) {
        if (header.format() == ImageFormat.PNG) {
          decoded = PngProfile.toSrgb(data, decoded);
        }
        rgb = SrgbConversion.toRgb(decoded, store);
      }
      if (rgb.hasAlpha()) {
        // what a fully transparent pixel hid is dropped here, before any effect sees it
        TransparentPixels.fillFromNearest(rgb.bytes(), rgb.alpha(), rgb.width(), rgb.height(), 1, store);
      }
      RgbImage oriented = Orientation.apply(rgb, header.orientation(), store);
      rgb = null;
      return oriented;
    } catch (IOException | RuntimeException e) {
      if (rgb != null) {
        rgb.close();
      }
      if (e instanceof ProblemException p) {
        throw p;
      }
      throw new ProblemException(ErrorCode.CORRUPT_IMAGE);
    } finally {
      abortHook.accept(() -> { });
      reader.dispose();
      Rasters.zero(decoded);
      if (target != null) {
        target.close();
      }
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
