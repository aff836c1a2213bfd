package io.zeroprint.image;

import io.zeroprint.buffer.BufferStore;
import io.zeroprint.buffer.SegmentBuffer;
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
    try (SegmentImageOutputStream stream = new SegmentImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(format == ImageFormat.JPEG
          ? quality / MAX_QUALITY
          : 1f - quality / MAX_DEFLATE_LEVEL); // the PNG writer maps quality q to deflate level 9·(1−q)
      writer.write(null, new IIOImage(wrap(image), null, null), param);
      stream.flush();
      return out;
    } catch (IOException e) {
      out.release();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    } finally {
      writer.dispose();
    }
  }

  private static BufferedImage wrap(RgbImage image) {
    DataBufferByte data = new DataBufferByte(image.bytes(), image.bytes().length);
    WritableRaster raster = Raster.createInterleavedRaster(data, image.width(), image.height(),
        image.width() * RgbImage.CHANNELS, RgbImage.CHANNELS, RGB_OFFSETS, null);
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    return new BufferedImage(cm, raster, false, null);
  }
}
