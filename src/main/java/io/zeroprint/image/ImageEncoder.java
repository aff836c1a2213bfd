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
 * {@link RgbImage} → PNG or JPEG in off-heap segments. ImageIO reads the pixels in place (the
 * BufferedImage wraps the lease's array, no copy) and no metadata is written: nothing of the upload
 * but its pixels reaches the result.
 */
public final class ImageEncoder {
  private static final int[] RGB_OFFSETS = {0, 1, 2};
  private static final int[] RGBA_OFFSETS = {0, 1, 2, 3};
  private static final int RGBA = 4;
  private static final int BYTE_MAX = 255;
  private static final float MAX_QUALITY = 100f;
  private static final float MAX_DEFLATE_LEVEL = 9f;

  static {
    ImageIO.setUseCache(false);
  }

  private final BufferStore store;

  public ImageEncoder(BufferStore store) {
    this.store = store;
  }

  /**
   * @param quality JPEG quality 1..100; for PNG the deflate level 0..9
   * @param maxBytes cap on the encoded size
   */
  public SegmentBuffer encode(RgbImage image, ImageFormat format, int quality, long maxBytes) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format.id()).next();
    SegmentBuffer out = store.open(maxBytes);
    // The JPEG writer's output buffer is zeroed as it goes; the PNG writer's arrays are not handed
    // over that way (its deflater's memory is a named residue).
    try (SegmentImageOutputStream stream = new SegmentImageOutputStream(out, format == ImageFormat.JPEG)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(format == ImageFormat.JPEG
          ? quality / MAX_QUALITY
          : 1f - quality / MAX_DEFLATE_LEVEL); // the PNG writer maps quality q to deflate level 9·(1−q)
      try (ByteLease composed = withAlphaFor(image, format)) {
        BufferedImage view = composed == null ? wrap(image.bytes(), image, false)
            : wrap(composed.bytes(), image, format == ImageFormat.PNG);
        writer.write(null, new IIOImage(view, null, null), param);
      }
      stream.flush();
      return out;
    } catch (IOException e) {
      out.release();
      throw new UncheckedIOException(e);
    } catch (CapacityExceeded e) {
      out.release();
      throw new ProblemException(ErrorCode.RESULT_TOO_LARGE, "The encoded result would exceed " + e.cap() + " bytes.");
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

  /** A BufferedImage over {@code data} (interleaved RGB or RGBA), without copying it. */
  private static BufferedImage wrap(byte[] data, RgbImage image, boolean rgba) {
    int channels = rgba ? RGBA : RgbImage.CHANNELS;
    WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(data, data.length), image.width(),
        image.height(), image.width() * channels, channels, rgba ? RGBA_OFFSETS : RGB_OFFSETS, null);
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), rgba, false,
        rgba ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    return new BufferedImage(cm, raster, false, null);
  }
}
