package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.ByteLease;
import io.zeroprint.buffer.CapacityExceeded;
import io.zeroprint.buffer.SegmentBuffer;
import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * {@link RgbImage} → PNG or JPEG in off-heap segments, with no metadata: nothing of the upload but
 * its pixels reaches the result. PNG: {@link PngEncoder} reads the pixels in place. JPEG: ImageIO
 * reads them in place (the BufferedImage wraps the lease's array, no copy).
 */
public final class ImageEncoder {
  private static final int[] RGB_OFFSETS = {0, 1, 2};
  private static final int RGBA = 4;
  private static final int BYTE_MAX = 255;
  private static final float MAX_QUALITY = 100f;

  static {
    ImageIO.setUseCache(false);
  }

  private final BufferStore store;
  private final PngEncoder png;
  private final PngPolicy policy;

  public ImageEncoder(BufferStore store) {
    this(store, PngPolicy.DEFAULT);
  }

  public ImageEncoder(BufferStore store, PngPolicy policy) {
    this.store = store;
    this.png = new PngEncoder(store, PngPolicy.bandPool());
    this.policy = policy;
  }

  /**
   * @param quality JPEG quality 1..100; for PNG the deflate level 0..9
   * @param maxBytes cap on the encoded size
   */
  public SegmentBuffer encode(RgbImage image, ImageFormat format, int quality, long maxBytes) {
    return format == ImageFormat.PNG ? encodePng(image, quality, maxBytes) : encodeJpeg(image, quality, maxBytes);
  }

  private SegmentBuffer encodePng(RgbImage image, int level, long maxBytes) {
    SegmentBuffer out = store.open(maxBytes);
    try (ByteLease rgba = withAlphaFor(image, ImageFormat.PNG)) {
      byte[] px = rgba == null ? image.bytes() : rgba.bytes();
      long pixels = (long) image.width() * image.height();
      png.encode(px, image.width(), image.height(), rgba != null, level, policy.filter(),
          policy.bands(pixels), out);
      return out;
    } catch (CapacityExceeded e) {
      out.release();
      throw tooLarge(e);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  private static ProblemException tooLarge(CapacityExceeded e) {
    return new ProblemException(ErrorCode.RESULT_TOO_LARGE, "The encoded result would exceed " + e.cap() + " bytes.");
  }

  private SegmentBuffer encodeJpeg(RgbImage image, int quality, long maxBytes) {
    ImageFormat format = ImageFormat.JPEG;
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format.id()).next();
    SegmentBuffer out = store.open(maxBytes);
    try (SegmentImageOutputStream stream = new SegmentImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / MAX_QUALITY);
      try (ByteLease composed = withAlphaFor(image, format)) {
        BufferedImage view = wrap(composed == null ? image.bytes() : composed.bytes(), image);
        writer.write(null, new IIOImage(view, null, null), param);
      }
      stream.flush();
      return out;
    } catch (IOException e) {
      out.release();
      throw new UncheckedIOException(e);
    } catch (CapacityExceeded e) {
      out.release();
      throw tooLarge(e);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    } finally {
      writer.dispose();
    }
  }

  /**
   * For a translucent image: RGBA for PNG (black under full transparency), or RGB composited over white for JPEG (which has no
   * alpha), in a lease zeroed after encoding. Null for an opaque image (encoded in place).
   */
  private ByteLease withAlphaFor(RgbImage image, ImageFormat format) {
    if (!image.hasAlpha()) {
      return null;
    }
    byte[] rgb = image.bytes();
    byte[] alpha = image.alpha();
    if (format == ImageFormat.PNG) {
      ByteLease rgba = store.leaseBytes(alpha.length * RGBA);
      byte[] d = rgba.bytes();
      for (int i = 0; i < alpha.length; i++) {
        if (alpha[i] != 0) { // a fully transparent pixel stays RGB 0: it shows nothing, so it holds nothing
          System.arraycopy(rgb, i * RgbImage.CHANNELS, d, i * RGBA, RgbImage.CHANNELS);
          d[i * RGBA + RgbImage.CHANNELS] = alpha[i];
        }
      }
      return rgba;
    }
    ByteLease flat = store.leaseBytes(rgb.length);
    byte[] d = flat.bytes();
    for (int i = 0; i < rgb.length; i++) {
      int a = alpha[i / RgbImage.CHANNELS] & BYTE_MAX;
      d[i] = (byte) (((rgb[i] & BYTE_MAX) * a + BYTE_MAX * (BYTE_MAX - a) + BYTE_MAX / 2) / BYTE_MAX);
    }
    return flat;
  }

  /** A BufferedImage over {@code data} (interleaved RGB), without copying it. */
  private static BufferedImage wrap(byte[] data, RgbImage image) {
    int channels = RgbImage.CHANNELS;
    WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(data, data.length), image.width(),
        image.height(), image.width() * channels, channels, RGB_OFFSETS, null);
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    return new BufferedImage(cm, raster, false, null);
  }
}
